/**
 * Turns the measurements into the benchmark's report: per-procedure costs
 * beside their floors (as ratios), the load phases, the latency phase, and
 * the targets, each met or not. The JSON written to
 * bench/results/latest.json is exactly the `BenchReport` object.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import type { RoundTrips } from './calibrate.ts';
import type { Cost } from './cost.ts';
import type { EngineFloor } from './engine-floor.ts';
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
  /** CPU per request under the load, all procedures together: the Worker's workerd (ms) and the libSQL server (µs). */
  workerCpuMsPerRequest: number;
  dbCpuUsPerRequest: number;
  invariants: { ok: boolean; problems: string[] };
};

export type Target = { name: string; target: string; measured: string; met: boolean };

export type BenchReport = {
  generatedAt: string;
  machine: { cores: number; cpuModel: string; node: string; loadAverageAtStart: number[] };
  config: Record<string, number | string>;
  /** What ran the Worker for every figure below, and whose CPU "Worker CPU" is. */
  runtime: { name: string; description: string; workerCpu: string; databaseCpu: string };
  /** The cost pass, no added latency: each procedure alone, one call at a time. */
  costs: Record<string, Cost>;
  floors: {
    /** Floor (a): Worker CPU per checkout when a tiny Worker posts the same batch with plain fetch. */
    workerCheckoutCpuMs: number;
    /** Floor (b): CPU per hand-written checkout transaction on the bare engine. */
    engine: EngineFloor;
  };
  /** Each figure over its floor, measured in the same run. */
  ratios: {
    workerCheckoutToFloorA: number;
    dbCheckoutToFloorB: number;
    /** The Worker's own checkout statements on the bare engine, over floor (b): the SQL's share. */
    ourStatementsOnEngineToFloorB: number;
    /** The server's CPU for floor (a)'s compact pipeline, over floor (b): the same SQL, a lean request. */
    dbCompactPipelineToFloorB: number;
  };
  phases: PhaseResult[];
  roundTripsPerCall: Record<string, RoundTrips>;
  /** The simulated-latency phase, each procedure alone, one call at a time. */
  latency: {
    addedLatencyMs: number;
    procedures: Record<string, Cost>;
    checkoutP50Multiple: number;
    floorCheckoutP50Multiple: number;
    /** checkout.place p50 under the phase's full load, as a multiple: CPU queueing on this machine (null with --no-load). */
    checkoutP50MultipleUnderLoad: number | null;
  };
  checkpoints: { mode: string; onCommitPath: boolean; background: number };
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
  window: { dbPipelineRequests: number; workerCpuMs: number; dbCpuMs: number },
  invariants: PhaseResult['invariants'],
): PhaseResult {
  const seconds = load.windowMs / 1_000;
  const { recorder } = load;
  const perRequest = (value: number) => (recorder.requests > 0 ? value / recorder.requests : 0);
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
    dbPipelineRequests: window.dbPipelineRequests,
    dbPipelineRequestsPerRequest: perRequest(window.dbPipelineRequests),
    workerCpuMsPerRequest: perRequest(window.workerCpuMs),
    dbCpuUsPerRequest: perRequest(window.dbCpuMs * 1_000),
    invariants,
  };
}

const ms = (value: number) => value.toFixed(1);
const rate = (value: number) => Math.round(value).toLocaleString('en-US');
const x = (value: number) => `${value.toFixed(2)}x`;

function costTable(costs: Record<string, Cost>, floorA: number, floorB: number): string[] {
  const head = `  ${'procedure'.padEnd(48)}${'calls'.padStart(6)}${'Worker CPU ms'.padStart(15)}${'/ floor a'.padStart(10)}${'DB CPU µs'.padStart(11)}${'/ floor b'.padStart(10)}${'round trips'.padStart(12)}${'req bytes'.padStart(11)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}`;
  return [
    head,
    ...Object.entries(costs).map(
      ([name, cost]) =>
        `  ${name.padEnd(48)}${String(cost.calls).padStart(6)}${cost.workerCpuMs.toFixed(3).padStart(15)}${x(cost.workerCpuMs / floorA).padStart(10)}${cost.dbCpuUs.toFixed(0).padStart(11)}${x(cost.dbCpuUs / floorB).padStart(10)}${cost.roundTrips.toFixed(2).padStart(12)}${rate(cost.requestBytes).padStart(11)}${ms(cost.latency.p50).padStart(8)}${ms(cost.latency.p95).padStart(8)}`,
    ),
  ];
}

function phaseLines(phase: PhaseResult): string[] {
  const lines = [
    `${phase.name} (${phase.windowSeconds.toFixed(1)} s measured)`,
    `  throughput: ${rate(phase.requestsPerSecond)} requests/s, ${rate(phase.checkoutsPerSecond)} checkouts/s (${phase.checkouts} checkouts, ${phase.requests} requests)`,
    `  CPU per request under this load (all procedures): Worker ${phase.workerCpuMsPerRequest.toFixed(3)} ms, libSQL server ${phase.dbCpuUsPerRequest.toFixed(0)} µs`,
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
    `  database pipeline requests in the window: ${phase.dbPipelineRequests} = ${phase.dbPipelineRequestsPerRequest.toFixed(3)} per request (window edges make it approximate)`,
    `  invariants after the phase: ${phase.invariants.ok ? 'ok' : `BROKEN: ${phase.invariants.problems.join('; ')}`}`,
  );
  return lines;
}

export function formatReport(report: BenchReport): string {
  const { machine, floors, ratios, latency } = report;
  const floorA = floors.workerCheckoutCpuMs;
  const floorB = floors.engine.handWrittenCpuUs;
  const lines = [
    `Stockroom benchmark, ${report.generatedAt}`,
    `Machine: ${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}, load average at start ${machine.loadAverageAtStart.map((v) => v.toFixed(2)).join(' ')}`,
    `Runtime for every Worker figure: ${report.runtime.description}`,
    `Worker CPU: ${report.runtime.workerCpu}; DB CPU: ${report.runtime.databaseCpu}`,
    '',
    'Cost per call, each procedure alone, one call at a time, no added latency:',
    ...costTable(report.costs, floorA, floorB),
    `  floor (a), Worker CPU per checkout: ${floorA.toFixed(3)} ms (a tiny Worker in the same runtime posts the same batch with plain fetch)`,
    `  floor (b), CPU per checkout on the bare engine: hand-written ${floorB.toFixed(0)} µs; the Worker's own statements replayed ${floors.engine.ourStatementsCpuUs.toFixed(0)} µs (${x(ratios.ourStatementsOnEngineToFloorB)}); ${floors.engine.checkouts} checkouts each`,
    `    method: ${floors.engine.method}`,
    `  libSQL server CPU per checkout: ours ${x(ratios.dbCheckoutToFloorB)} floor (b); floor (a)'s compact pipeline ${x(ratios.dbCompactPipelineToFloorB)}`,
    `  WAL checkpoints: ${report.checkpoints.mode}; ${report.checkpoints.background} run in the background during the run`,
    '',
    `Database round trips per call (${Object.values(report.roundTripsPerCall)[0]?.calls ?? 0} sequential calls each, /stats pipelineRequests before/after each call):`,
    ...Object.entries(report.roundTripsPerCall).map(
      ([path, trips]) =>
        `  ${path.padEnd(18)} ${trips.min === trips.max ? String(trips.min) : `${trips.min}-${trips.max} (mean ${trips.mean.toFixed(2)})`}`,
    ),
    '',
    `With ${latency.addedLatencyMs} ms simulated edge-to-primary latency, each procedure alone, one call at a time:`,
    ...costTable(latency.procedures, floorA, floorB),
    `  checkout.place p50 ${x(latency.checkoutP50Multiple)} the latency; floor (a) ${x(latency.floorCheckoutP50Multiple)}${latency.checkoutP50MultipleUnderLoad === null ? '' : `; under the ${report.config.customers}-customer load ${x(latency.checkoutP50MultipleUnderLoad)} (CPU queueing on this machine)`}`,
    '',
    ...report.phases.flatMap((phase) => [...phaseLines(phase), '']),
    'Targets:',
    ...report.targets.map(
      (target) =>
        `  ${target.met ? 'met    ' : 'NOT met'}  ${target.name}: target ${target.target}, measured ${target.measured}`,
    ),
    '',
    report.ok
      ? 'Invariants after every run: reconcile ok, nothing oversold, no partial order; every write one round trip.'
      : 'FAILED: an invariant broke or a write took more than one round trip (see above).',
  ];
  return lines.join('\n');
}
