/**
 * Turns recorded calls into the benchmark's numbers (percentiles, rates,
 * targets) and prints them. The JSON written to bench/results/latest.json is
 * exactly the `BenchReport` object.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import type { RoundTrips } from './calibrate.ts';
import type { EngineResult } from './engine.ts';
import { CYCLE, type LoadResult } from './load.ts';
import { type Percentiles, percentiles } from './percentiles.ts';

export type PhaseResult = {
  name: string;
  addedLatencyMs: number;
  windowSeconds: number;
  requests: number;
  requestsPerSecond: number;
  checkouts: number;
  checkoutsPerSecond: number;
  procedures: Record<string, Percentiles>;
  /** Every request in the window, all procedures together. */
  overall: Percentiles;
  errors: Record<string, number>;
  dbPipelineRequests: number;
  dbPipelineRequestsPerRequest: number;
  /** checkout.place for one customer at a time after the load: the stack's own cost per checkout. */
  unloadedCheckout: Percentiles;
  invariants: { ok: boolean; problems: string[] };
};

export type Target = { name: string; target: string; measured: string; met: boolean };

export type BenchReport = {
  generatedAt: string;
  machine: { cores: number; cpuModel: string; node: string; loadAverageAtStart: number[] };
  config: Record<string, number | string>;
  phases: PhaseResult[];
  roundTripsPerCall: Record<string, RoundTrips>;
  checkoutLatencyMultiple: {
    addedLatencyMs: number;
    /** Under the phase's full load. */
    p50: number;
    p95: number;
    p99: number;
    /** One customer at a time, the same latency: the round-trip floor without CPU queueing. */
    unloaded: { calls: number; p50: number; p95: number };
    /** wrangler dev's own per-request cost (a Worker 404, no database), and the unloaded p50 net of it. */
    devServerFloor: { calls: number; p50Ms: number; unloadedP50WithoutFloor: number };
  };
  engine: EngineResult;
  stackFractionOfEngine: number;
  targets: Target[];
  ok: boolean;
};

export function machineInfo(): BenchReport['machine'] {
  let cpuModel = 'unknown';
  try {
    cpuModel = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpuModel;
  } catch {
    // Not Linux: the model stays unknown rather than guessed.
  }
  return { cores: availableParallelism(), cpuModel, node: process.version, loadAverageAtStart: loadavg() };
}

/** Procedures in the order a customer calls them; anything else after. */
function order(path: string): number {
  const index = (CYCLE as readonly string[]).indexOf(path);
  return index === -1 ? CYCLE.length : index;
}

export function phaseResult(
  name: string,
  addedLatencyMs: number,
  load: LoadResult,
  dbPipelineRequests: number,
  unloadedCheckout: Percentiles,
  invariants: PhaseResult['invariants'],
): PhaseResult {
  const seconds = load.windowMs / 1_000;
  const { recorder } = load;
  return {
    name,
    addedLatencyMs,
    windowSeconds: seconds,
    requests: recorder.requests,
    requestsPerSecond: recorder.requests / seconds,
    checkouts: recorder.checkouts,
    checkoutsPerSecond: recorder.checkouts / seconds,
    procedures: Object.fromEntries(
      [...recorder.latencies]
        .sort(([a], [b]) => order(a) - order(b))
        .map(([path, values]) => [path, percentiles(values)]),
    ),
    overall: percentiles([...recorder.latencies.values()].flat()),
    errors: Object.fromEntries(recorder.errors),
    dbPipelineRequests,
    dbPipelineRequestsPerRequest: recorder.requests > 0 ? dbPipelineRequests / recorder.requests : 0,
    unloadedCheckout,
    invariants,
  };
}

const ms = (value: number) => value.toFixed(1);
const rate = (value: number) => Math.round(value).toLocaleString('en-US');

function phaseLines(phase: PhaseResult): string[] {
  const lines = [
    `${phase.name} (${phase.windowSeconds.toFixed(1)} s measured)`,
    `  throughput: ${rate(phase.requestsPerSecond)} requests/s, ${rate(phase.checkoutsPerSecond)} checkouts/s (${phase.checkouts} checkouts, ${phase.requests} requests)`,
    `  ${'procedure'.padEnd(18)}${'count'.padStart(8)}${'p50'.padStart(9)}${'p95'.padStart(9)}${'p99'.padStart(9)}${'max'.padStart(9)}  ms`,
  ];
  for (const [path, p] of [...Object.entries(phase.procedures), ['all requests', phase.overall] as const]) {
    lines.push(
      `  ${path.padEnd(18)}${String(p.count).padStart(8)}${ms(p.p50).padStart(9)}${ms(p.p95).padStart(9)}${ms(p.p99).padStart(9)}${ms(p.max).padStart(9)}`,
    );
  }
  const errors = Object.entries(phase.errors);
  lines.push(
    errors.length === 0
      ? '  errors: none'
      : `  errors: ${errors.map(([reason, count]) => `${reason} x${count}`).join('; ')}`,
  );
  lines.push(
    `  database pipeline requests in the window: ${phase.dbPipelineRequests} = ${phase.dbPipelineRequestsPerRequest.toFixed(3)} per request (window edges make it approximate)`,
  );
  lines.push(
    `  checkout.place alone (one customer, ${phase.unloadedCheckout.count} sequential checkouts of 3-line carts, after the load): p50 ${ms(phase.unloadedCheckout.p50)} ms, p95 ${ms(phase.unloadedCheckout.p95)} ms`,
  );
  lines.push(
    `  invariants after the phase: ${phase.invariants.ok ? 'ok' : `BROKEN: ${phase.invariants.problems.join('; ')}`}`,
  );
  return lines;
}

export function formatReport(report: BenchReport): string {
  const { machine, engine, checkoutLatencyMultiple: multiple } = report;
  const lines = [
    `Stockroom benchmark, ${report.generatedAt}`,
    `Machine: ${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}, load average at start ${machine.loadAverageAtStart.map((v) => v.toFixed(2)).join(' ')}`,
    `Stack: HTTP -> wrangler dev (workerd) -> local libSQL server (Hrana over HTTP, real libSQL engine); ${report.config.customers} concurrent customers, ${report.config.hotProducts} hot + ${report.config.coldProducts} cold products, ${report.config.warmupSeconds} s warm-up + ${report.config.durationSeconds} s per phase`,
    `Cycle per customer: catalog.products, catalog.product, 3x cart.add (each line hot with p=0.5), checkout.place`,
    '',
    ...phaseLines(report.phases[0] as PhaseResult),
    '',
    `Database round trips per call (${Object.values(report.roundTripsPerCall)[0]?.calls ?? 0} sequential calls each, nothing else running, /stats pipelineRequests before/after each call):`,
    ...Object.entries(report.roundTripsPerCall).map(
      ([path, trips]) =>
        `  ${path.padEnd(18)} ${trips.min === trips.max ? String(trips.min) : `${trips.min}-${trips.max} (mean ${trips.mean.toFixed(2)})`}`,
    ),
    '',
    ...phaseLines(report.phases[1] as PhaseResult),
    `  checkout.place as a multiple of the ${multiple.addedLatencyMs} ms latency (floor 1x), under this load: p50 ${multiple.p50.toFixed(2)}x, p95 ${multiple.p95.toFixed(2)}x, p99 ${multiple.p99.toFixed(2)}x`,
    `  the same for checkout.place alone: p50 ${multiple.unloaded.p50.toFixed(2)}x, p95 ${multiple.unloaded.p95.toFixed(2)}x`,
    `  wrangler dev's own request path (a Worker 404 that touches no database, ${multiple.devServerFloor.calls} calls): p50 ${ms(multiple.devServerFloor.p50Ms)} ms; checkout.place alone net of it: p50 ${multiple.devServerFloor.unloadedP50WithoutFloor.toFixed(2)}x`,
    '',
    `Engine limit (${engine.seconds.toFixed(1)} s): ${rate(engine.cyclesPerSecond)} cycles/s = checkouts/s with the same cycle; the checkout batch alone ${rate(engine.checkoutBatchesPerSecond)}/s (mean ${engine.checkoutMeanMs.toFixed(3)} ms)`,
    `  method: ${engine.method}`,
    `  invariants: ${engine.invariantsOk ? 'ok' : `BROKEN: ${engine.problems.join('; ')}`}`,
    `Stack throughput as a fraction of the engine's: ${(report.stackFractionOfEngine * 100).toFixed(1)}% (${rate(report.phases[0]?.checkoutsPerSecond ?? 0)} / ${rate(engine.cyclesPerSecond)} checkouts/s)`,
    '',
    'Targets (reported, not tuned for):',
    ...report.targets.map(
      (target) =>
        `  ${target.met ? 'met    ' : 'NOT met'}  ${target.name}: target ${target.target}, measured ${target.measured}`,
    ),
    '',
    report.ok
      ? 'Invariants after every run: reconcile ok, nothing oversold, no partial order.'
      : 'FAILED: an invariant broke (see above).',
  ];
  return lines.join('\n');
}
