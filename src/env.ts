/**
 * The Worker's bindings, and the one place that turns them into a checked
 * configuration. A missing binding becomes a ConfigError naming it, which the
 * app answers with 503 instead of a stack trace.
 */
export type Bindings = {
  TURSO_DATABASE_URL?: string;
  TURSO_AUTH_TOKEN?: string;
  AUTH_SECRET?: string;
  /** Seconds a sign-in token stays valid (default 7 days). */
  TOKEN_TTL_SECONDS?: string;
  /** Milliseconds one database request may take before it fails as unavailable. */
  DB_TIMEOUT_MS?: string;
  /** Comma-separated origins allowed by CORS; empty means same-origin only. */
  CORS_ORIGINS?: string;
  ASSETS?: Fetcher;
  /** Sign-in and sign-up attempts per client IP ([[ratelimits]] in wrangler.toml). */
  AUTH_IP_LIMITER?: RateLimit;
  /** Sign-in attempts per account email ([[ratelimits]] in wrangler.toml). */
  AUTH_EMAIL_LIMITER?: RateLimit;
};

export type Config = {
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  authSecret: string;
  tokenTtlSeconds: number;
  dbTimeoutMs: number;
  corsOrigins: string[];
};

const REQUIRED = ['TURSO_DATABASE_URL', 'AUTH_SECRET'] as const;
const DEFAULT_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;
const DEFAULT_DB_TIMEOUT_MS = 5_000;
const MIN_SECRET_LENGTH = 16;

export class ConfigError extends Error {
  readonly binding: string;
  constructor(binding: string, problem: string) {
    super(`Server is not configured: ${binding} ${problem}`);
    this.name = 'ConfigError';
    this.binding = binding;
  }
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new ConfigError(name, 'must be a positive integer');
  return value;
}

export function readConfig(env: Bindings): Config {
  for (const name of REQUIRED) {
    if (!env[name]) throw new ConfigError(name, 'is missing; set it in .dev.vars or as a Worker secret');
  }
  const authSecret = env.AUTH_SECRET as string;
  if (authSecret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError('AUTH_SECRET', `must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  return {
    databaseUrl: env.TURSO_DATABASE_URL as string,
    databaseAuthToken: env.TURSO_AUTH_TOKEN || undefined,
    authSecret,
    tokenTtlSeconds: positiveInt('TOKEN_TTL_SECONDS', env.TOKEN_TTL_SECONDS, DEFAULT_TOKEN_TTL_SECONDS),
    dbTimeoutMs: positiveInt('DB_TIMEOUT_MS', env.DB_TIMEOUT_MS, DEFAULT_DB_TIMEOUT_MS),
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  };
}
