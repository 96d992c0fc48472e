/**
 * The real stack on free local ports, for proofs and the benchmark: the local
 * libSQL server as a child process (so it can be killed with SIGKILL and
 * restarted on the same file and port), migrated and seeded, with the fixture
 * shipping setup (fixture-address.ts), and the Worker pointed at it. The server takes a token made for this run, which the Worker
 * gets as TURSO_AUTH_TOKEN.
 *
 * The Worker is bundled once from wrangler.toml's settings (build-worker.ts)
 * and served from a temp dir, by one of two runtimes:
 * - `wrangler-dev` (the default): `wrangler dev --no-bundle`, as `npm start`
 *   runs it, with wrangler's proxy workerd in front. Serving the bundle keeps
 *   `wrangler dev` from restarting the Worker (failing requests in flight)
 *   whenever a watched source file changes, as others edit this tree while
 *   proofs run. The storefront's static assets are served only when asked
 *   (the browser tests).
 * - `miniflare`: plain workerd through Miniflare's API, as production runs the
 *   bundle (miniflare-worker.ts); the benchmark measures this one. Other small
 *   Workers can be served beside it by the same runtime (`extraWorkers`).
 *
 * @example
 * const stack = await startStack({ dbTimeoutMs: 2_000 });
 * const response = await fetch(`${stack.baseUrl}/health`);
 * await stack.stop();
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { type SpawnedDbServer, spawnDbServer } from '../db-server/spawn.ts';
import { fetchStats, type Stats } from '../db-server/stats.ts';
import { migrateDatabase } from '../scripts/migrate.ts';
import { spawnProcessGroup, stopProcessGroup } from '../scripts/process-group.ts';
import { DEFAULT_ADMIN, seedDatabase } from '../scripts/seed.ts';
import { putSeedImages } from '../scripts/seed-images.ts';
import { waitForHttp } from '../scripts/wait-for-http.ts';
import {
  type BuiltWorker,
  bundleWorker,
  type OrderLimits,
  OUTPUT_TAIL_CHARS,
  type RateLimits,
  REPO_ROOT,
  WRANGLER,
} from './build-worker.ts';
import { installFixtureShipping } from './fixture-address.ts';
import { type MiniflareRuntime, serveWithMiniflare } from './miniflare-worker.ts';

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
  /**
   * Put the seed's product pictures into the Worker's local R2 bucket (default:
   * when serving the storefront). `wrangler-dev` only: it persists R2 in the
   * stack's dir; Miniflare's runtime keeps its bucket in memory, empty.
   */
  images?: boolean;
  /**
   * The per-customer order limits, when a run needs others than wrangler.toml's:
   * the pending-order cap (MAX_PENDING_ORDERS) and order placements a minute (ORDER_LIMITER).
   */
  orderLimits?: OrderLimits;
  /** Other rate limits a run needs per minute, by binding name (e.g. AUTH_IP_LIMITER), instead of wrangler.toml's. */
  rateLimits?: RateLimits;
  /** What serves the Worker (see above); `wrangler-dev` unless set. */
  runtime?: 'wrangler-dev' | 'miniflare';
  /**
   * More Workers served by the same runtime (`miniflare` only), each with the
   * stack's vars plus its own: Stockroom's bundle again (with other vars), or a
   * module of its own (`script`).
   */
  extraWorkers?: Array<{ name: string; vars?: Record<string, string>; script?: string }>;
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
  /** The database server's process id right now (it changes on restart). */
  dbPid(): number | undefined;
  /** What serves the Worker, and the process that runs it when known (for reading its CPU time). */
  runtime: { name: 'wrangler-dev' | 'miniflare'; description: string; pid: number | undefined };
  /** The extra Workers' base URLs by name. */
  extraWorkerUrls: Record<string, string>;
  authSecret: string;
  admin: { email: string; password: string };
  /** The fixture shipping method (free, untaxed) that ships to the made-up customers' fixture address. */
  fixtureShippingMethodId: number;
  /** Kills the database server (SIGKILL by default) and waits for it to exit. */
  stopDb(signal?: NodeJS.Signals): Promise<void>;
  /** Stops the database server if it runs, then starts it again on the same file and port. */
  restartDb(options?: DbRestartOptions): Promise<void>;
  stop(): Promise<void>;
};

export const DEFAULT_START_TIMEOUT_MS = 90_000;

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

/** A config for `wrangler dev` that serves the bundle (with the storefront's assets when asked). */
async function devConfig(dir: string, built: BuiltWorker, storefront: boolean): Promise<string> {
  const path = join(dir, 'wrangler.dev.json');
  const { assets } = built;
  const served =
    storefront && assets ? { assets: { ...assets, directory: join(REPO_ROOT, assets.directory ?? '') } } : {};
  await writeFile(path, JSON.stringify({ ...built.config, ...served, main: built.bundle, no_bundle: true }));
  return path;
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
type ServedWorker = { baseUrl: string; runtime: Stack['runtime']; extraWorkerUrls: Record<string, string> };

/** `wrangler dev` serving the bundle; resolves once it answers /health. */
async function serveWithWranglerDev(
  dir: string,
  built: BuiltWorker,
  vars: Record<string, string>,
  options: StackOptions,
  onStart: (child: ReturnType<typeof startWrangler>) => void,
): Promise<ServedWorker> {
  const port = await freePort();
  const wrangler = startWrangler(port, vars, dir, await devConfig(dir, built, options.storefront ?? false));
  onStart(wrangler);
  const baseUrl = `http://127.0.0.1:${port}`;
  const exitedEarly = new Promise<never>((_, reject) =>
    wrangler.child.once('exit', (code) =>
      reject(new Error(`wrangler dev exited (${code}) before answering /health:\n${wrangler.output()}`)),
    ),
  );
  await Promise.race([
    waitForHttp(`${baseUrl}/health`, options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS),
    exitedEarly,
  ]);
  const description = "wrangler dev (the Worker's workerd behind wrangler's proxy workerd, inspector on)";
  return { baseUrl, runtime: { name: 'wrangler-dev', description, pid: undefined }, extraWorkerUrls: {} };
}

async function serveInMiniflare(
  built: BuiltWorker,
  vars: Record<string, string>,
  options: StackOptions,
  onStart: (runtime: MiniflareRuntime) => void,
): Promise<ServedWorker> {
  const extras = (options.extraWorkers ?? []).map((extra) => ({
    name: extra.name,
    vars: { ...vars, ...extra.vars },
    built,
    script: extra.script,
  }));
  const served = await serveWithMiniflare([{ name: STOCKROOM, vars, built }, ...extras]);
  onStart(served);
  const { [STOCKROOM]: baseUrl, ...extraWorkerUrls } = served.urls;
  await waitForHttp(`${baseUrl}/health`, options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  return {
    baseUrl: baseUrl as string,
    runtime: { name: 'miniflare', description: served.description, pid: served.pid },
    extraWorkerUrls,
  };
}

const STOCKROOM = 'stockroom';

/** Starts the database server, migrates and seeds it, then the Worker; tears down what started if a step fails. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const runtime = options.runtime ?? 'wrangler-dev';
  if (options.extraWorkers?.length && runtime !== 'miniflare') {
    throw new Error('extraWorkers need the miniflare runtime');
  }
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
  let miniflare: MiniflareRuntime | undefined;
  const db = createClient({ url: dbUrl, authToken: dbAuthToken, intMode: 'number' });

  const stopDb = async (signal: NodeJS.Signals = 'SIGKILL') => {
    await dbServer?.kill(signal);
    dbServer = undefined;
  };
  const stop = async () => {
    db.close();
    if (wrangler) await stopProcessGroup(wrangler.child);
    await miniflare?.dispose();
    await stopDb('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await migrateDatabase(dbUrl, dbAuthToken);
    await seedDatabase({ url: dbUrl, authToken: dbAuthToken });
    const fixtureShippingMethodId = await installFixtureShipping(db);
    if (runtime === 'wrangler-dev' && (options.images ?? options.storefront)) {
      await putSeedImages(join(dir, 'wrangler-state'));
    }
    const built = await bundleWorker(dir, { orderLimits: options.orderLimits, rateLimits: options.rateLimits });
    const vars = {
      TURSO_DATABASE_URL: dbUrl,
      TURSO_AUTH_TOKEN: dbAuthToken,
      AUTH_SECRET: authSecret,
      DB_TIMEOUT_MS: String(options.dbTimeoutMs ?? 5_000),
      ...(options.orderLimits ? { MAX_PENDING_ORDERS: String(options.orderLimits.maxPending) } : {}),
      ...options.vars,
    };
    const served =
      runtime === 'miniflare'
        ? await serveInMiniflare(built, { ...stringVars(built.config), ...vars }, options, (started) => {
            miniflare = started;
          })
        : await serveWithWranglerDev(dir, built, vars, options, (started) => {
            wrangler = started;
          });
    return {
      ...served,
      dbUrl,
      dbAuthToken,
      db,
      dbStats: () => fetchStats(dbUrl, dbAuthToken),
      dbPid: () => dbServer?.process.pid,
      authSecret,
      admin: { ...DEFAULT_ADMIN },
      fixtureShippingMethodId,
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

/** wrangler.toml's [vars], which `wrangler dev` applies itself and Miniflare takes as bindings. */
function stringVars(config: BuiltWorker['config']): Record<string, string> {
  return Object.fromEntries(Object.entries(config.vars ?? {}).map(([name, value]) => [name, String(value)]));
}
