/**
 * The Worker bundled as `wrangler deploy` would bundle it, from wrangler.toml's
 * settings (less the static assets), for the local stack to serve: under
 * `wrangler dev --no-bundle` or in plain workerd through Miniflare's API.
 *
 * @example
 * const { bundle, config } = await bundleWorker(dir, { orderLimits: { maxPending: 100, perMinute: 600 } });
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WRANGLER = join(REPO_ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
/** The last output of wrangler is kept to explain a failure. */
export const OUTPUT_TAIL_CHARS = 4_000;

export type RawConfig = ReturnType<typeof import('wrangler')['experimental_readRawConfig']>['rawConfig'];

/** The per-customer order limits: the pending-order cap (MAX_PENDING_ORDERS) and placements a minute (ORDER_LIMITER). */
export type OrderLimits = { maxPending: number; perMinute: number };

export type BuiltWorker = {
  /** The bundle's entry module, e.g. `${dir}/dist/index.js`. */
  bundle: string;
  /** wrangler.toml's settings as used for the bundle: no assets, the order limiter set when asked. */
  config: RawConfig;
  /** wrangler.toml's static assets, for a runtime that serves the storefront. */
  assets: RawConfig['assets'];
};

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

/** Rate-limit bindings (by name, e.g. AUTH_IP_LIMITER) and the calls a minute a run allows them, instead of wrangler.toml's. */
export type RateLimits = Record<string, number>;

/** wrangler.toml's config with rate limits (bindings, not vars) set per minute: the order limit's, and any others named. */
function withRateLimits(config: RawConfig, orderLimits: OrderLimits | undefined, rateLimits: RateLimits): RawConfig {
  const perMinute: RateLimits = { ...rateLimits, ...(orderLimits ? { ORDER_LIMITER: orderLimits.perMinute } : {}) };
  return {
    ...config,
    ratelimits: config.ratelimits?.map((limiter: NonNullable<RawConfig['ratelimits']>[number]) => {
      const limit = perMinute[limiter.name];
      return limit === undefined ? limiter : { ...limiter, simple: { limit, period: 60 } };
    }),
  };
}

/** Bundles the Worker into `${dir}/dist` with `wrangler deploy --dry-run`. */
export async function bundleWorker(
  dir: string,
  options: { orderLimits?: OrderLimits; rateLimits?: RateLimits } = {},
): Promise<BuiltWorker> {
  const { experimental_readRawConfig } = await import('wrangler');
  const { rawConfig } = experimental_readRawConfig({ config: join(REPO_ROOT, 'wrangler.toml') });
  const { assets, ...config } = withRateLimits(rawConfig, options.orderLimits, options.rateLimits ?? {});
  const buildConfig = join(dir, 'wrangler.build.json');
  await writeFile(buildConfig, JSON.stringify({ ...config, main: join(REPO_ROOT, config.main ?? 'src/index.ts') }));
  await runWrangler(['deploy', '--dry-run', '--outdir', join(dir, 'dist'), '--config', buildConfig]);
  return { bundle: join(dir, 'dist', 'index.js'), config, assets };
}
