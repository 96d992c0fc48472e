/**
 * `npm run bench`: measures what production pays per request. The Worker runs
 * as production runs it: the built bundle in plain workerd through
 * Miniflare's API (no `wrangler dev` proxy or inspector), against the local
 * libSQL server. In order:
 *
 * 1. the cost pass: each procedure alone, one call at a time: CPU per call of
 *    the Worker's workerd process and of the libSQL server process (from
 *    /proc), request bytes, round trips and latency; beside it floor (a), a
 *    tiny Worker in the same runtime posting the same checkout batch with
 *    plain fetch;
 * 2. round trips per call, counted call by call;
 * 3. the load: many customers at once, with no added latency, then with
 *    `--latency-ms` on the database, followed in that phase by each
 *    procedure alone (cached and uncached catalog reads side by side);
 * 4. floor (b): a hand-written checkout transaction on the bare engine in process.
 *
 * Every figure is reported beside its floor as a ratio. The invariants are
 * checked after every run. Writes bench/results/latest.json and latest.svg;
 * exits 1 when an invariant breaks or a write takes more than one round trip.
 *
 * @example
 * npm run bench -- --duration 10 --customers 32
 */
import { execFileSync } from 'node:child_process';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCustomers } from '../local-stack/customers.ts';
import { brokenInvariants, reconcile } from '../local-stack/invariants.ts';
import { type Stack, startStack } from '../local-stack/start-stack.ts';
import { waitForHttp } from '../scripts/wait-for-http.ts';
import { calibrateRoundTrips } from './calibrate.ts';
import { captureCheckoutBatch, compactPipeline } from './checkout-batch.ts';
import { type Cost, type CostLimits, FLOOR_A, measureCost, type Probe, procedureSpecs, type Workers } from './cost.ts';
import { measureEngineFloor } from './engine-floor.ts';
import { type BenchCatalog, createBenchCatalog, oversoldProducts } from './fixtures.ts';
import { FLOOR_WORKER_NAME, FLOOR_WORKER_SCRIPT } from './floor-worker.ts';
import { type Recorder, runLoad } from './load.ts';
import { canReadCpu, cpuMs } from './process-cpu.ts';
import { type BenchReport, formatReport, machineInfo, type PhaseResult, phaseResult } from './report.ts';
import { costChart } from './svg.ts';
import { evaluateTargets } from './targets.ts';

const USAGE = `npm run bench -- [flags]
  --duration S         seconds measured per load phase (default 20)
  --warmup S           seconds of warm-up before each load phase (default 2)
  --customers N        concurrent customers in the load phases (default 64)
  --latency-ms N       simulated edge-to-primary latency for the latency phase (default 20)
  --hot N / --cold N   hot and cold bench products (default 4 / 50)
  --cost-calls N       most calls per write procedure in the cost pass (default 500; reads 4x)
  --latency-calls N    calls per procedure alone in the latency phase (default 40)
  --engine-checkouts N checkouts for floor (b) on the bare engine (default 2000)
  --no-load            skip the two load phases (a quick look at the costs and floors)
  --out DIR            where latest.json and latest.svg go (default bench/results)`;

const { values: flags } = parseArgs({
  options: {
    help: { type: 'boolean', default: false },
    'no-load': { type: 'boolean', default: false },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '2' },
    customers: { type: 'string', default: '64' },
    'latency-ms': { type: 'string', default: '20' },
    hot: { type: 'string', default: '4' },
    cold: { type: 'string', default: '50' },
    'cost-calls': { type: 'string', default: '500' },
    'latency-calls': { type: 'string', default: '40' },
    'engine-checkouts': { type: 'string', default: '2000' },
    out: { type: 'string', default: fileURLToPath(new URL('./results', import.meta.url)) },
  },
});

if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}

function positive(name: Exclude<keyof typeof flags, 'help' | 'out' | 'no-load'>): number {
  const value = Number(flags[name]);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`--${name} must be a positive number, got ${JSON.stringify(flags[name])}`);
    process.exit(2);
  }
  return value;
}

const config = {
  durationSeconds: positive('duration'),
  warmupSeconds: positive('warmup'),
  customers: Math.round(positive('customers')),
  latencyMs: Math.round(positive('latency-ms')),
  hotProducts: Math.round(positive('hot')),
  coldProducts: Math.round(positive('cold')),
  costCalls: Math.round(positive('cost-calls')),
  latencyCalls: Math.round(positive('latency-calls')),
  engineCheckouts: Math.round(positive('engine-checkouts')),
};

/** Each bench customer places thousands of orders a minute: the per-customer limits would stop the load. */
const ORDER_LIMITS = { maxPending: 1_000_000_000, perMinute: 1_000_000_000 };
const WARMUP_CALLS = 10;
/** The cost pass stops a procedure once enough calls ran and the Worker spent this much CPU (or at --cost-calls). */
const COST_LIMITS: CostLimits = { minCalls: 200, minWorkerCpuMs: 600 };
const UNCACHED = 'stockroom-uncached';

function progressLine(phase: string, recorder: Recorder, elapsedMs: number): void {
  const total = config.warmupSeconds + config.durationSeconds;
  const errors = [...recorder.errors.values()].reduce((sum, count) => sum + count, 0);
  const line = `${phase}: ${(elapsedMs / 1_000).toFixed(0)}/${total} s, ${recorder.checkouts} checkouts, ${recorder.requests} requests measured, ${errors} errors`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line.padEnd(100)}`);
  else if (Math.round(elapsedMs / 1_000) % 5 === 0) console.error(line);
}

/** reconcile through the API, plus the direct checks: nothing oversold, no partial order. */
async function checkInvariants(stack: Stack, catalog: BenchCatalog): Promise<PhaseResult['invariants']> {
  const reconciled = await reconcile(stack);
  const broken = Object.entries(await brokenInvariants(stack.db)).filter(([, ids]) => ids.length > 0);
  const oversold = await oversoldProducts(stack.db, catalog);
  const problems = [
    ...(reconciled?.ok ? [] : [`inventory.reconcile not ok: ${JSON.stringify(reconciled)}`]),
    ...broken.map(([name, ids]) => `${name}: ${ids.slice(0, 5).join(', ')}`),
    ...(oversold.length > 0 ? [`oversold products: ${oversold.join(', ')}`] : []),
  ];
  return { ok: problems.length === 0, problems };
}

async function runPhase(probe: Probe, catalog: BenchCatalog, name: string, addedLatencyMs: number, runTag: string) {
  const { stack } = probe;
  const customers = await createCustomers(stack, config.customers);
  let before = { pipelineRequests: 0, workerCpuMs: 0, dbCpuMs: 0 };
  let after = before;
  const sample = async () => ({
    pipelineRequests: (await stack.dbStats()).pipelineRequests,
    workerCpuMs: cpuMs(probe.workerPid),
    dbCpuMs: cpuMs(probe.dbPid() as number),
  });
  const load = await runLoad(
    {
      baseUrl: stack.baseUrl,
      catalog,
      customers,
      shippingMethodId: stack.fixtureShippingMethodId,
      warmupMs: config.warmupSeconds * 1_000,
      durationMs: config.durationSeconds * 1_000,
      runTag,
      onProgress: (recorder, elapsedMs) => progressLine(name, recorder, elapsedMs),
    },
    {
      open: async () => {
        before = await sample();
      },
      close: async () => {
        after = await sample();
      },
    },
  );
  if (process.stderr.isTTY) process.stderr.write('\n');
  const window = {
    dbPipelineRequests: after.pipelineRequests - before.pipelineRequests,
    workerCpuMs: after.workerCpuMs - before.workerCpuMs,
    dbCpuMs: after.dbCpuMs - before.dbCpuMs,
  };
  return phaseResult(name, addedLatencyMs, load, window, await checkInvariants(stack, catalog));
}

/** Each procedure alone, one call at a time; fresh customers, so every checkout finds its own cart. */
async function costPass(probe: Probe, workers: Workers, catalog: BenchCatalog, tag: string, maxCalls: number) {
  const { stack } = probe;
  const writes = { warmup: WARMUP_CALLS, maxCalls };
  const specs = await procedureSpecs({
    stack,
    workers,
    catalog,
    shoppers: await createCustomers(stack, 200),
    appCheckouts: await createCustomers(stack, WARMUP_CALLS + maxCalls),
    floorCheckouts: await createCustomers(stack, WARMUP_CALLS + maxCalls),
    tag,
    reads: { warmup: WARMUP_CALLS, maxCalls: maxCalls * 4 },
    writes,
  });
  const costs: Record<string, Cost> = {};
  for (const spec of specs) {
    console.error(`cost pass (${tag}): ${spec.name}...`);
    costs[spec.name] = await measureCost(
      probe,
      spec,
      tag === 'plain' ? COST_LIMITS : { minCalls: maxCalls, minWorkerCpuMs: 0 },
    );
  }
  return costs;
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const machine = machineInfo();
const generatedAt = new Date().toISOString();
console.error(
  `starting the stack (local libSQL server + the Worker's bundle in workerd via Miniflare) on ${machine.cores} cores...`,
);
const checkoutBatch = await captureCheckoutBatch(ORDER_LIMITS.maxPending);
const stack = await startStack({
  runtime: 'miniflare',
  orderLimits: ORDER_LIMITS,
  extraWorkers: [
    { name: UNCACHED, vars: { CATALOG_CACHE_TTL_SECONDS: '0' } },
    { name: FLOOR_WORKER_NAME, script: FLOOR_WORKER_SCRIPT, vars: { PIPELINE: compactPipeline(checkoutBatch) } },
  ],
});
let report: BenchReport;
try {
  const workerPid = stack.runtime.pid;
  if (!canReadCpu(workerPid) || !canReadCpu(stack.dbPid())) {
    throw new Error("the benchmark reads the Worker's and the database's CPU time from /proc: run it on Linux");
  }
  const probe: Probe = { workerPid, dbPid: stack.dbPid, stack };
  const workers: Workers = {
    app: stack.baseUrl,
    uncached: stack.extraWorkerUrls[UNCACHED] as string,
    floor: stack.extraWorkerUrls[FLOOR_WORKER_NAME] as string,
  };
  const catalog = await createBenchCatalog(stack.db, { hot: config.hotProducts, cold: config.coldProducts });

  const costs = await costPass(probe, workers, catalog, 'plain', config.costCalls);
  const [calibrationCustomer] = await createCustomers(stack, 1);
  const roundTripsPerCall = await calibrateRoundTrips({
    baseUrl: stack.baseUrl,
    dbStats: stack.dbStats,
    catalog,
    customer: calibrationCustomer as { id: number; token: string },
    shippingMethodId: stack.fixtureShippingMethodId,
  });
  const load = !flags['no-load'];
  const plain = load ? await runPhase(probe, catalog, 'Load phase 1: no added latency', 0, 'plain') : undefined;

  await stack.restartDb({ latencyMs: config.latencyMs, signal: 'SIGTERM' });
  await waitForHttp(`${stack.baseUrl}/health`, 30_000);
  const slow = load
    ? await runPhase(
        probe,
        catalog,
        `Load phase 2: ${config.latencyMs} ms simulated edge-to-primary latency`,
        config.latencyMs,
        'latency',
      )
    : undefined;
  const alone = await costPass(probe, workers, catalog, 'latency', config.latencyCalls);
  const { checkpointMode, checkpointOnCommitPath, backgroundCheckpoints } = await stack.dbStats();
  await stack.restartDb({ signal: 'SIGTERM' });

  console.error(`floor (b): ${config.engineCheckouts} hand-written checkouts on the bare engine...`);
  const engine = await measureEngineFloor({
    checkouts: config.engineCheckouts,
    hot: config.hotProducts,
    cold: config.coldProducts,
    maxPendingOrders: ORDER_LIMITS.maxPending,
    ourBatch: checkoutBatch,
  });

  const cost = (costsByName: Record<string, Cost>, name: string) => costsByName[name] as Cost;
  const floorA = cost(costs, FLOOR_A);
  const checkout = cost(costs, 'checkout.place');
  const floorB = engine.handWrittenCpuUs;
  const partial: Omit<BenchReport, 'targets' | 'ok'> = {
    generatedAt,
    machine,
    config: { ...config, commit: commit() },
    runtime: {
      name: stack.runtime.name,
      description: stack.runtime.description,
      workerCpu: `CPU time of the workerd process (pid ${workerPid}), all its threads, from /proc/<pid>/task/<tid>/schedstat (else utime+stime from /proc/<pid>/stat); it serves Stockroom, its uncached twin and floor (a), one at a time`,
      databaseCpu:
        'CPU time of the local libSQL server process (Node, libsql engine), all its threads, from /proc/<pid>/task/<tid>/schedstat (else utime+stime from /proc/<pid>/stat)',
    },
    costs,
    floors: { workerCheckoutCpuMs: floorA.workerCpuMs, engine },
    ratios: {
      workerCheckoutToFloorA: checkout.workerCpuMs / floorA.workerCpuMs,
      dbCheckoutToFloorB: checkout.dbCpuUs / floorB,
      ourStatementsOnEngineToFloorB: engine.ourStatementsCpuUs / floorB,
      dbCompactPipelineToFloorB: floorA.dbCpuUs / floorB,
    },
    phases: [plain, slow].filter((phase) => phase !== undefined),
    roundTripsPerCall,
    latency: {
      addedLatencyMs: config.latencyMs,
      procedures: alone,
      checkoutP50Multiple: cost(alone, 'checkout.place').latency.p50 / config.latencyMs,
      floorCheckoutP50Multiple: cost(alone, FLOOR_A).latency.p50 / config.latencyMs,
      checkoutP50MultipleUnderLoad: slow ? (slow.procedures['checkout.place']?.p50 ?? 0) / config.latencyMs : null,
    },
    checkpoints: { mode: checkpointMode, onCommitPath: checkpointOnCommitPath, background: backgroundCheckpoints },
  };
  const { targets, writesOneRoundTrip } = evaluateTargets(partial);
  report = {
    ...partial,
    targets,
    ok: (plain?.invariants.ok ?? true) && (slow?.invariants.ok ?? true) && engine.invariantsOk && writesOneRoundTrip,
  };
} finally {
  await stack.stop();
}

const out = flags.out as string;
await mkdir(out, { recursive: true });
await writeFile(join(out, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
await writeFile(join(out, 'latest.svg.tmp'), costChart(report));
await rename(join(out, 'latest.svg.tmp'), join(out, 'latest.svg'));
console.log(formatReport(report));
console.log(`\nWrote ${join(out, 'latest.json')} and ${join(out, 'latest.svg')}`);
if (!report.ok) {
  console.error('\nBENCHMARK FAILED: an invariant broke or a write took more than one round trip (see above).');
  process.exitCode = 1;
}
