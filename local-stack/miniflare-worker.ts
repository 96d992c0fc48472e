/**
 * Serves built Workers the way production runs them: the bundle in plain
 * workerd, through Miniflare's API, with no `wrangler dev` proxy, no inspector
 * and no Miniflare entry worker in front (each Worker listens on its own
 * direct socket). Miniflare supplies what the Worker binds: the Cache API,
 * the [[ratelimits]] bindings and the [[r2_buckets]] (in memory).
 *
 * @example
 * const served = await serveWithMiniflare([{ name: 'stockroom', built, vars: { TURSO_DATABASE_URL: url } }]);
 * await fetch(`${served.urls.stockroom}/health`);
 * await served.dispose();
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { convertV4MiniflareOptions, Log, LogLevel, Miniflare } from 'miniflare';
import type { BuiltWorker, RawConfig } from './build-worker.ts';

/**
 * A Worker to serve with wrangler.toml's settings (compatibility, rate
 * limiters): Stockroom's bundle, or a small ES module of its own (`script`,
 * a benchmark floor).
 */
export type ServedWorker = { name: string; vars: Record<string, string>; built: BuiltWorker; script?: string };

export type MiniflareRuntime = {
  /** Each Worker's base URL by name, e.g. http://127.0.0.1:41234. */
  urls: Record<string, string>;
  /** The workerd process serving them all, for reading its CPU time; undefined off Linux. */
  pid: number | undefined;
  /** What ran them, e.g. "workerd 2026-11-02 via Miniflare's API (direct sockets)". */
  description: string;
  dispose(): Promise<void>;
};

type Limiters = Record<string, { namespace_id: string; simple: { limit: number; period?: 10 | 60 } }>;

function limiters(config: RawConfig): Limiters {
  return Object.fromEntries(
    (config.ratelimits ?? []).map((limiter: NonNullable<RawConfig['ratelimits']>[number]) => [
      limiter.name,
      { namespace_id: limiter.namespace_id, simple: limiter.simple as Limiters[string]['simple'] },
    ]),
  );
}

/** wrangler.toml's [[r2_buckets]] as Miniflare takes them: binding name → bucket name. */
function r2Buckets(config: RawConfig): Record<string, string> {
  return Object.fromEntries(
    (config.r2_buckets ?? []).map((bucket: NonNullable<RawConfig['r2_buckets']>[number]) => [
      bucket.binding,
      bucket.bucket_name ?? bucket.binding,
    ]),
  );
}

function workerOptions(worker: ServedWorker) {
  const { config, bundle } = worker.built;
  const source =
    worker.script === undefined
      ? { scriptPath: bundle, modulesRoot: dirname(bundle) }
      : { script: worker.script, modulesRoot: dirname(bundle) };
  return {
    name: worker.name,
    modules: true,
    ...source,
    bindings: worker.vars,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    ratelimits: limiters(config),
    r2Buckets: r2Buckets(config),
    // Port 0: each Worker gets a free port, answered without Miniflare's entry worker.
    unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
  };
}

/** Children of this process named `workerd`. */
function workerdChildren(): Set<number> {
  const found = new Set<number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (name === 'workerd' && parent === process.pid) found.add(Number(entry));
    } catch {
      // The process ended while the list was read.
    }
  }
  return found;
}

function workerdVersion(pid: number | undefined): string {
  if (pid === undefined) return 'workerd';
  try {
    return execFileSync(readlinkSync(`/proc/${pid}/exe`), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'workerd';
  }
}

export async function serveWithMiniflare(workers: ServedWorker[]): Promise<MiniflareRuntime> {
  const before = workerdChildren();
  const miniflare = new Miniflare(
    convertV4MiniflareOptions({
      log: new Log(LogLevel.WARN),
      // No request.cf lookup: it would fetch Cloudflare's metadata over the network at start.
      cf: false,
      workers: workers.map(workerOptions),
    }),
  );
  try {
    await miniflare.ready;
    const urls: Record<string, string> = {};
    for (const worker of workers) {
      urls[worker.name] = (await miniflare.unsafeGetDirectURL(worker.name)).origin;
    }
    const [pid] = [...workerdChildren()].filter((candidate) => !before.has(candidate));
    return {
      urls,
      pid,
      description: `${workerdVersion(pid)} via Miniflare's API (each Worker on a direct socket: no dev proxy, no inspector, no entry worker)`,
      dispose: () => miniflare.dispose(),
    };
  } catch (error) {
    await miniflare.dispose();
    throw error;
  }
}
