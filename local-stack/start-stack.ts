/**
 * The real stack on free local ports, for proofs and the benchmark: the local
 * libSQL server as a child process (so it can be killed with SIGKILL and
 * restarted on the same file and port), migrated and seeded, and the Worker
 * under `wrangler dev` pointed at it. The server takes a token made for this
 * run, which the Worker gets as TURSO_AUTH_TOKEN.
 *
 * The Worker is bundled once from wrangler.toml's settings and served with
 * `--no-bundle` from a temp dir: `wrangler dev` restarts the Worker (failing
 * requests in flight) whenever a watched source file changes, and others edit
 * this tree while proofs run. The storefront's static assets are served only
 * when asked (the browser tests); proofs and the benchmark need only /trpc and /health.
 *
 * @example
 * const stack = await startStack({ dbTimeoutMs: 2_000 });
 * const response = await fetch(`${stack.baseUrl}/health`);
 * await stack.stop();
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Client, createClient } from '@libsql/client';
import { type SpawnedDbServer, spawnDbServer } from '../db-server/spawn.ts';
import { fetchStats, type Stats } from '../db-server/stats.ts';
import { migrateDatabase } from '../scripts/migrate.ts';
import { spawnProcessGroup, stopProcessGroup } from '../scripts/process-group.ts';
import { DEFAULT_ADMIN, seedDatabase } from '../scripts/seed.ts';
import { putSeedImages } from '../scripts/seed-images.ts';
import { waitForHttp } from '../scripts/wait-for-http.ts';

export type StackOptions = {
  /** Delay the database server adds to every response (edge-to-primary distance). */
  latencyMs?: number;
  /** The Worker's DB_TIMEOUT_MS: how long one database request may take before a 503. */
  dbTimeoutMs?: number;
  /** More Worker vars, passed as `--var NAME:value`. */
  vars?: Record<string, string>;
  /** How long wrangler dev may take to answer /health. */
  startTimeoutMs?: number;
  /** Also serve the storefront from client/dist (build it first), as `npm start` does. */
  storefront?: boolean;
  /** Put the seed's product pictures into the Worker's local R2 bucket (default: when serving the storefront). */
  images?: boolean;
  /**
   * The per-customer order limits, when a run needs others than wrangler.toml's:
   * the pending-order cap (MAX_PENDING_ORDERS) and order placements a minute (ORDER_LIMITER).
   */
  orderLimits?: { maxPending: number; perMinute: number };
};

export type DbRestartOptions = {
  latencyMs?: number;
  /** How the running server is stopped first: SIGKILL (a crash, the default) or SIGTERM (a clean stop). */
  signal?: NodeJS.Signals;
};

export type Stack = {
  /** The Worker, e.g. http://127.0.0.1:41234 (tRPC at `${baseUrl}/trpc`). */
  baseUrl: string;
  dbUrl: string;
  /** The database server's bearer token, made for this run and also handed to the Worker. */
  dbAuthToken: string;
  /** Direct SQL to the same database, for fixtures and for checking invariants. */
  db: Client;
  /** The database server's counters (`GET /stats`). */
  dbStats(): Promise<Stats>;
  authSecret: string;
  admin: { email: string; password: string };
  /** Kills the database server (SIGKILL by default) and waits for it to exit. */
  stopDb(signal?: NodeJS.Signals): Promise<void>;
  /** Stops the database server if it runs, then starts it again on the same file and port. */
  restartDb(options?: DbRestartOptions): Promise<void>;
  stop(): Promise<void>;
};

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const WRANGLER = join(REPO_ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
export const DEFAULT_START_TIMEOUT_MS = 90_000;
/** The last output of wrangler dev is kept to explain a failed start. */
const OUTPUT_TAIL_CHARS = 4_000;

/** A port nothing listens on right now, picked by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function runWrangler(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`wrangler ${args[0]} failed (${code}):\n${output}`)),
    );
  });
}

/**
 * Bundles the Worker as `wrangler deploy` would, and writes a config that
 * serves that bundle (with the storefront's assets when asked).
 */
async function buildWorker(dir: string, options: StackOptions): Promise<string> {
  const storefront = options.storefront ?? false;
  const { experimental_readRawConfig } = await import('wrangler');
  const { rawConfig } = experimental_readRawConfig({ config: join(REPO_ROOT, 'wrangler.toml') });
  const { assets, ...config } = withOrderLimits(rawConfig, options.orderLimits);
  const buildConfig = join(dir, 'wrangler.build.json');
  await writeFile(buildConfig, JSON.stringify({ ...config, main: join(REPO_ROOT, config.main ?? 'src/index.ts') }));
  await runWrangler(['deploy', '--dry-run', '--outdir', join(dir, 'dist'), '--config', buildConfig]);
  const devConfig = join(dir, 'wrangler.dev.json');
  const served =
    storefront && assets ? { assets: { ...assets, directory: join(REPO_ROOT, assets.directory ?? '') } } : {};
  await writeFile(
    devConfig,
    JSON.stringify({ ...config, ...served, main: join(dir, 'dist', 'index.js'), no_bundle: true }),
  );
  return devConfig;
}

type RawConfig = ReturnType<typeof import('wrangler')['experimental_readRawConfig']>['rawConfig'];

/** wrangler.toml's config with the order rate limit (a binding, not a var) set to `limits.perMinute`. */
function withOrderLimits(config: RawConfig, limits: StackOptions['orderLimits']): RawConfig {
  if (!limits) return config;
  return {
    ...config,
    ratelimits: config.ratelimits?.map((limiter: NonNullable<RawConfig['ratelimits']>[number]) =>
      limiter.name === 'ORDER_LIMITER' ? { ...limiter, simple: { limit: limits.perMinute, period: 60 } } : limiter,
    ),
  };
}

function startWrangler(port: number, vars: Record<string, string>, dir: string, config: string) {
  const args = [
    WRANGLER,
    'dev',
    '--config',
    config,
    '--no-bundle',
    '--port',
    String(port),
    '--ip',
    '127.0.0.1',
    '--inspector-port',
    '0',
    '--persist-to',
    join(dir, 'wrangler-state'),
    '--show-interactive-dev-session=false',
    '--log-level',
    'warn',
    ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
  ];
  const child = spawnProcessGroup(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1', NO_COLOR: '1' },
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output };
}

/** Starts the database server, migrates and seeds it, then the Worker; tears down what started if a step fails. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dir = await mkdtemp(join(tmpdir(), 'stockroom-stack-'));
  const file = join(dir, 'stack.db');
  const authSecret = randomBytes(24).toString('hex');
  const dbAuthToken = randomBytes(32).toString('hex');
  let dbServer: SpawnedDbServer | undefined = await spawnDbServer({
    file,
    port: 0,
    token: dbAuthToken,
    latencyMs: options.latencyMs,
  });
  const dbPort = dbServer.port;
  const dbUrl = dbServer.url;
  let wrangler: ReturnType<typeof startWrangler> | undefined;
  const db = createClient({ url: dbUrl, authToken: dbAuthToken, intMode: 'number' });

  const stopDb = async (signal: NodeJS.Signals = 'SIGKILL') => {
    await dbServer?.kill(signal);
    dbServer = undefined;
  };
  const stop = async () => {
    db.close();
    if (wrangler) await stopProcessGroup(wrangler.child);
    await stopDb('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await migrateDatabase(dbUrl, dbAuthToken);
    await seedDatabase({ url: dbUrl, authToken: dbAuthToken });
    if (options.images ?? options.storefront) await putSeedImages(join(dir, 'wrangler-state'));
    const config = await buildWorker(dir, options);
    const port = await freePort();
    wrangler = startWrangler(
      port,
      {
        TURSO_DATABASE_URL: dbUrl,
        TURSO_AUTH_TOKEN: dbAuthToken,
        AUTH_SECRET: authSecret,
        DB_TIMEOUT_MS: String(options.dbTimeoutMs ?? 5_000),
        ...(options.orderLimits ? { MAX_PENDING_ORDERS: String(options.orderLimits.maxPending) } : {}),
        ...options.vars,
      },
      dir,
      config,
    );
    const baseUrl = `http://127.0.0.1:${port}`;
    const started = wrangler;
    const exitedEarly = new Promise<never>((_, reject) =>
      started.child.once('exit', (code) =>
        reject(new Error(`wrangler dev exited (${code}) before answering /health:\n${started.output()}`)),
      ),
    );
    await Promise.race([
      waitForHttp(`${baseUrl}/health`, options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS),
      exitedEarly,
    ]);
    return {
      baseUrl,
      dbUrl,
      dbAuthToken,
      db,
      dbStats: () => fetchStats(dbUrl, dbAuthToken),
      authSecret,
      admin: { ...DEFAULT_ADMIN },
      stopDb,
      restartDb: async (restart: DbRestartOptions = {}) => {
        await stopDb(restart.signal ?? 'SIGKILL');
        dbServer = await spawnDbServer({ file, port: dbPort, token: dbAuthToken, latencyMs: restart.latencyMs });
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
