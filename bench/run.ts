/**
 * `npm run bench`: drives the real stack (local libSQL server + the Worker
 * under `wrangler dev`) with many concurrent customers, then again with a
 * simulated edge-to-primary latency, counts database round trips per call,
 * measures the engine limit in process, checks the invariants after every
 * run, prints the report and writes bench/results/latest.json and latest.svg.
 * Exits 1 when an invariant breaks.
 *
 * Flags: --duration S (per phase, default 20), --warmup S (2), --customers N (64),
 * --latency-ms N (20), --hot N (4), --cold N (50), --engine-seconds S (5), --out DIR.
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
import { calibrateRoundTrips, devServerFloor, unloadedCheckoutLatency } from './calibrate.ts';
import { measureEngine } from './engine.ts';
import { type BenchCatalog, createBenchCatalog, oversoldProducts } from './fixtures.ts';
import { type Recorder, runLoad } from './load.ts';
import { type BenchReport, formatReport, machineInfo, type PhaseResult, phaseResult } from './report.ts';
import { latencyChart } from './svg.ts';

const USAGE = `npm run bench -- [flags]
  --duration S         seconds measured per phase (default 20)
  --warmup S           seconds of warm-up before each phase (default 2)
  --customers N        concurrent customers (default 64)
  --latency-ms N       simulated edge-to-primary latency for phase 2 (default 20)
  --hot N / --cold N   hot and cold bench products (default 4 / 50)
  --engine-seconds S   seconds for the in-process engine limit (default 5)
  --out DIR            where latest.json and latest.svg go (default bench/results)`;

const { values: flags } = parseArgs({
  options: {
    help: { type: 'boolean', default: false },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '2' },
    customers: { type: 'string', default: '64' },
    'latency-ms': { type: 'string', default: '20' },
    hot: { type: 'string', default: '4' },
    cold: { type: 'string', default: '50' },
    'engine-seconds': { type: 'string', default: '5' },
    out: { type: 'string', default: fileURLToPath(new URL('./results', import.meta.url)) },
  },
});

if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}

function positive(name: Exclude<keyof typeof flags, 'help'>): number {
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
  engineSeconds: positive('engine-seconds'),
};

/** Sequential checkouts timed after each phase's load, with nothing else running. */
const UNLOADED_CHECKOUTS = 20;
/** Sequential no-database requests that measure the dev server's own per-request cost. */
const FLOOR_CALLS = 50;

function progressLine(phase: string, recorder: Recorder, elapsedMs: number): void {
  const total = config.warmupSeconds + config.durationSeconds;
  const errors = [...recorder.errors.values()].reduce((sum, count) => sum + count, 0);
  const line = `${phase}: ${(elapsedMs / 1_000).toFixed(0)}/${total} s, ${recorder.checkouts} checkouts, ${recorder.requests} requests measured, ${errors} errors`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line.padEnd(100)}`);
  else if (Math.round(elapsedMs / 1_000) % 5 === 0) console.error(line);
}

async function pipelineRequests(stack: Stack): Promise<number> {
  return (await stack.dbStats()).pipelineRequests;
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

async function runPhase(stack: Stack, catalog: BenchCatalog, name: string, addedLatencyMs: number, runTag: string) {
  const customers = await createCustomers(stack, config.customers);
  let before = 0;
  let after = 0;
  const load = await runLoad(
    {
      baseUrl: stack.baseUrl,
      catalog,
      customers,
      warmupMs: config.warmupSeconds * 1_000,
      durationMs: config.durationSeconds * 1_000,
      runTag,
      onProgress: (recorder, elapsedMs) => progressLine(name, recorder, elapsedMs),
    },
    {
      open: async () => {
        before = await pipelineRequests(stack);
      },
      close: async () => {
        after = await pipelineRequests(stack);
      },
    },
  );
  if (process.stderr.isTTY) process.stderr.write('\n');
  const [alone] = await createCustomers(stack, 1);
  const unloaded = await unloadedCheckoutLatency({
    baseUrl: stack.baseUrl,
    catalog,
    customer: alone as { id: number; token: string },
    calls: UNLOADED_CHECKOUTS,
  });
  return phaseResult(name, addedLatencyMs, load, after - before, unloaded, await checkInvariants(stack, catalog));
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
console.error(`starting the stack (local libSQL server + wrangler dev) on ${machine.cores} cores...`);
// Each bench customer places thousands of orders a minute: the per-customer limits would stop the load.
const stack = await startStack({ orderLimits: { maxPending: 1_000_000_000, perMinute: 1_000_000_000 } });
let report: BenchReport;
try {
  const catalog = await createBenchCatalog(stack.db, { hot: config.hotProducts, cold: config.coldProducts });
  const plain = await runPhase(stack, catalog, 'Phase 1: no added latency', 0, 'plain');
  const [calibrationCustomer] = await createCustomers(stack, 1);
  const roundTripsPerCall = await calibrateRoundTrips({
    baseUrl: stack.baseUrl,
    dbStats: stack.dbStats,
    catalog,
    customer: calibrationCustomer as { id: number; token: string },
  });
  const floor = await devServerFloor(stack.baseUrl, FLOOR_CALLS);
  await stack.restartDb({ latencyMs: config.latencyMs, signal: 'SIGTERM' });
  await waitForHttp(`${stack.baseUrl}/health`, 30_000);
  const slow = await runPhase(
    stack,
    catalog,
    `Phase 2: ${config.latencyMs} ms simulated edge-to-primary latency`,
    config.latencyMs,
    'latency',
  );
  await stack.restartDb({ signal: 'SIGTERM' });
  console.error(`measuring the engine limit for ${config.engineSeconds} s...`);
  const engine = await measureEngine({
    seconds: config.engineSeconds,
    warmupSeconds: 1,
    hot: config.hotProducts,
    cold: config.coldProducts,
    customers: config.customers,
  });

  const checkout = (phase: PhaseResult) => phase.procedures['checkout.place'] ?? { p50: 0, p95: 0, p99: 0 };
  const multiple = {
    addedLatencyMs: config.latencyMs,
    p50: checkout(slow).p50 / config.latencyMs,
    p95: checkout(slow).p95 / config.latencyMs,
    p99: checkout(slow).p99 / config.latencyMs,
    unloaded: {
      calls: slow.unloadedCheckout.count,
      p50: slow.unloadedCheckout.p50 / config.latencyMs,
      p95: slow.unloadedCheckout.p95 / config.latencyMs,
    },
    devServerFloor: {
      calls: floor.count,
      p50Ms: floor.p50,
      unloadedP50WithoutFloor: (slow.unloadedCheckout.p50 - floor.p50) / config.latencyMs,
    },
  };
  const rate = Math.round(plain.checkoutsPerSecond);
  report = {
    generatedAt,
    machine,
    config: { ...config, commit: commit() },
    phases: [plain, slow],
    roundTripsPerCall,
    checkoutLatencyMultiple: multiple,
    engine,
    stackFractionOfEngine: plain.checkoutsPerSecond / engine.cyclesPerSecond,
    targets: [
      {
        name: `checkout p50 with ${config.latencyMs} ms latency, under the phase's load`,
        target: '<= 1.3x the latency',
        measured: `${multiple.p50.toFixed(2)}x (${checkout(slow).p50.toFixed(1)} ms)`,
        met: multiple.p50 <= 1.3,
      },
      {
        name: 'checkout throughput (phase 1)',
        target: `>= 1,000 checkouts/s on ${machine.cores} cores`,
        measured: `${rate.toLocaleString('en-US')} checkouts/s`,
        met: plain.checkoutsPerSecond >= 1_000,
      },
      {
        name: 'checkout p99 at that load (phase 1)',
        target: '<= 100 ms',
        measured: `${checkout(plain).p99.toFixed(1)} ms`,
        met: checkout(plain).p99 <= 100,
      },
    ],
    ok: plain.invariants.ok && slow.invariants.ok && engine.invariantsOk,
  };
} finally {
  await stack.stop();
}

const out = flags.out as string;
await mkdir(out, { recursive: true });
await writeFile(join(out, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
await writeFile(join(out, 'latest.svg.tmp'), latencyChart(report));
await rename(join(out, 'latest.svg.tmp'), join(out, 'latest.svg'));
console.log(formatReport(report));
console.log(`\nWrote ${join(out, 'latest.json')} and ${join(out, 'latest.svg')}`);
if (!report.ok) {
  console.error('\nBENCHMARK FAILED: an invariant broke after a run (see above).');
  process.exitCode = 1;
}
