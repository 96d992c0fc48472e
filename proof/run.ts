/**
 * `npm run proof`: the long proof against the real stack (the Worker's bundle
 * in workerd, the local libSQL server, real HTTP), bounded in time and in
 * requests. For `--minutes`, at once:
 *
 * - customers contend for a handful of hot variants (checkouts, orders,
 *   cart changes, cancellations, replays, reads) while admins restock,
 *   adjust and move orders along (workload.ts);
 * - the database server is killed with SIGKILL at random moments and
 *   restarted (kills.ts);
 * - generated hostile inputs hit every procedure and the transport
 *   (hostile.ts).
 *
 * Every operation and its answer is recorded (history.ts); then the final
 * database is held against that history (check.ts). Writes
 * proof/results/latest.json, prints the figures and every violation with the
 * operations behind it. Exits 1 on any violation, 3 when the run fell short
 * of its targets, 2 on a bad flag.
 *
 * @example
 * npm run proof -- --minutes 2 --kills 3
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineInfo } from '../bench/report.ts';
import { adminToken, createCustomers } from '../local-stack/customers.ts';
import { brokenInvariants, reconcile } from '../local-stack/invariants.ts';
import { type Stack, startStack } from '../local-stack/start-stack.ts';
import { checkHistory, type Violation } from './check.ts';
import { buildReport } from './figures.ts';
import { prepareFixtures, UNIT_PRICE_CENTS } from './fixtures.ts';
import { History } from './history.ts';
import { runHostile } from './hostile-sender.ts';
import { runKills } from './kills.ts';
import type { Api } from './operations.ts';
import { type ProofReport, summaryLines, violationLines } from './report.ts';
import { readSnapshot } from './snapshot.ts';
import { Workload } from './workload.ts';

const USAGE = `npm run proof -- [flags]
  --minutes N        how long the load runs (default 10)
  --kills N          kill -9s of the database, spread over the run (default 10)
  --customers N      customers contending, one request at a time each (default 24)
  --admins N         admins restocking, adjusting and moving orders (default 2)
  --hostile-rate N   hostile inputs a second (default 200)
  --max-requests N   requests at most, all kinds together (default 1000000)
  --latency-ms N     delay the database adds to each answer, so a kill can fall between a commit and its answer (default 25)
  --seed N           seed of the random choices and of fast-check (default: random, printed)
  --out DIR          where latest.json and history.jsonl go (default proof/results)`;

const { values: flags } = parseArgs({
  options: {
    help: { type: 'boolean', default: false },
    minutes: { type: 'string', default: '10' },
    kills: { type: 'string', default: '10' },
    customers: { type: 'string', default: '24' },
    admins: { type: 'string', default: '2' },
    'hostile-rate': { type: 'string', default: '200' },
    'max-requests': { type: 'string', default: '1000000' },
    'latency-ms': { type: 'string', default: '25' },
    seed: { type: 'string', default: String(Math.floor(Math.random() * 2 ** 31)) },
    out: { type: 'string', default: fileURLToPath(new URL('./results', import.meta.url)) },
  },
});
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}

function number(name: Exclude<keyof typeof flags, 'help' | 'out'>, min: number): number {
  const value = Number(flags[name]);
  if (!Number.isFinite(value) || value < min) {
    console.error(`--${name} must be a number >= ${min}, got ${JSON.stringify(flags[name])}\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

const settings = {
  minutes: number('minutes', 0.1),
  kills: Math.round(number('kills', 0)),
  customers: Math.round(number('customers', 1)),
  admins: Math.round(number('admins', 1)),
  hostileRate: number('hostile-rate', 1),
  maxRequests: Math.round(number('max-requests', 1)),
  latencyMs: Math.round(number('latency-ms', 0)),
  seed: Math.round(number('seed', 0)),
};

/** Per-customer order limits: the pending cap stays a live guard; the rate limit has its own tests and would only slow the load. */
const ORDER_LIMITS = { maxPending: 10, perMinute: 600 };
const DB_TIMEOUT_MS = 5_000;
/** A 503 answered this long after a restart still belongs to the outage (a request that waited out DB_TIMEOUT_MS). */
const OUTAGE_GRACE_MS = DB_TIMEOUT_MS + 2_000;
/** The figures for ten minutes, per minute of run. */
const PER_MINUTE = { contended: 1_000, hostile: 10_000 };

/** Mulberry32: a small seeded generator, so a run's choices can be repeated with --seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<number> {
  const machine = machineInfo();
  const generatedAt = new Date().toISOString();
  await mkdir(flags.out, { recursive: true });
  console.error(`proof: seed ${settings.seed}; starting the stack (libSQL server + the Worker in workerd)...`);
  const stack: Stack = await startStack({
    runtime: 'miniflare',
    latencyMs: settings.latencyMs,
    dbTimeoutMs: DB_TIMEOUT_MS,
    orderLimits: ORDER_LIMITS,
  });
  process.once('SIGINT', () => void stack.stop().finally(() => process.exit(130)));
  try {
    return await prove(stack, machine, generatedAt);
  } finally {
    await stack.stop();
  }
}

async function prove(stack: Stack, machine: ProofReport['machine'], generatedAt: string): Promise<number> {
  const random = seeded(settings.seed);
  const customers = await createCustomers(stack, settings.customers);
  const fixtures = await prepareFixtures(stack);
  const tokens = new Map([...customers, ...fixtures.hostileCustomers].map((c) => [c.id, c.token]));
  const history = new History(join(flags.out, 'history.jsonl'));
  const t0 = performance.now();
  const api: Api = {
    stack,
    t0,
    adminToken: await adminToken(stack),
    tokenOf: (id) => tokens.get(id) ?? '',
    shippingMethodId: stack.fixtureShippingMethodId,
  };
  const durationMs = settings.minutes * 60_000;
  let requests = 0;
  const go = () => performance.now() - t0 < durationMs && requests < settings.maxRequests;
  const take = () => go() && ++requests <= settings.maxRequests;

  const workload = new Workload({
    api,
    history,
    customers,
    hot: fixtures.hot,
    cold: fixtures.cold,
    hotCode: fixtures.hotCode.code,
    unitPriceCents: UNIT_PRICE_CENTS,
    admins: settings.admins,
    runTag: `proof${settings.seed}`,
    random,
    take,
  });
  const targets = fixtures.hostileTargets(
    stack,
    (n) => workload.orders[n % workload.orders.length]?.id,
    api.adminToken,
  );
  const progress = setInterval(() => {
    const seconds = (performance.now() - t0) / 1_000;
    console.error(
      `  ${seconds.toFixed(0)} s: ${workload.contended} contended, ${history.records.length} recorded, ${history.outages.length} kills, ${requests} requests`,
    );
  }, 15_000);
  const [, hostile, survived] = await Promise.all([
    workload.run(),
    runHostile({ targets, history, t0, rate: settings.hostileRate, concurrency: 6, seed: settings.seed, go, take }),
    runKills({
      stack,
      history,
      t0,
      durationMs,
      kills: settings.kills,
      downMs: { min: 300, max: 3_000 },
      latencyMs: settings.latencyMs,
      random,
      go,
    }),
  ]);
  clearInterval(progress);
  const seconds = (performance.now() - t0) / 1_000;
  console.error(
    `proof: load done after ${seconds.toFixed(0)} s; checking the database against ${history.records.length} records...`,
  );

  const db = await readSnapshot(stack.db);
  const scope = {
    customers: customers.map((c) => c.id),
    initialStock: fixtures.initialStock,
    maxPendingOrders: ORDER_LIMITS.maxPending,
    outages: history.outages,
    outageGraceMs: OUTAGE_GRACE_MS,
  };
  const violations: Violation[] = [
    ...checkHistory(history.records, db, scope),
    ...Object.entries(await brokenInvariants(stack.db))
      .filter(([, ids]) => ids.length > 0)
      .map(([name, ids]) => ({
        rule: `invariant:${name}`,
        message: `${name}: ${ids.slice(0, 10).join(', ')}`,
        orderId: name.startsWith('orders') ? ids[0] : undefined,
        variantId: name.endsWith('Stock') || name === 'stockNotLedger' ? ids[0] : undefined,
      })),
  ];
  const reconciled = await reconcile(stack);
  if (!reconciled?.ok)
    violations.push({ rule: 'reconcile', message: `inventory.reconcile: ${JSON.stringify(reconciled)}` });
  await history.close();

  const report = buildReport({
    header: {
      command: `npm run proof -- ${process.argv.slice(2).join(' ')}`.trim(),
      generatedAt,
      commit: commit(),
      machine,
      runtime: stack.runtime.description,
      settings: {
        ...settings,
        dbTimeoutMs: DB_TIMEOUT_MS,
        maxPendingOrders: ORDER_LIMITS.maxPending,
        ordersPerMinute: ORDER_LIMITS.perMinute,
      },
      seconds,
    },
    history,
    violations,
    orders: db.orders,
    kills: { planned: settings.kills, survived },
    hostile,
    targets: {
      contended: Math.round(PER_MINUTE.contended * settings.minutes),
      kills: settings.kills,
      hostile: Math.round(PER_MINUTE.hostile * settings.minutes),
    },
  });
  await writeFile(join(flags.out, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  for (const line of violationLines(violations, history.records)) console.log(line);
  for (const line of summaryLines(report)) console.log(line);
  console.log(`  written: ${join(flags.out, 'latest.json')}, history in ${join(flags.out, 'history.jsonl')}`);
  if (violations.length > 0) return 1;
  return report.targets.every((t) => t.met) ? 0 : 3;
}

process.exitCode = await main().catch((error) => {
  console.error(error);
  return 1;
});
process.exit();
