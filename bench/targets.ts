/**
 * The issue's targets, each judged from figures measured in the same run, and
 * the hard rule: every write is one database round trip.
 */
import type { Cost } from './cost.ts';
import type { BenchReport, Target } from './report.ts';

export const TARGETS = {
  /** libSQL server CPU per checkout over floor (b). */
  dbCheckoutToFloorB: 2,
  /** The Worker's CPU per checkout over floor (a). */
  workerCheckoutToFloorA: 1.5,
  /** The Worker's CPU per catalog read, ms. */
  workerCatalogReadMs: 1,
  /** checkout.place p50 alone as a multiple of the simulated latency. */
  checkoutP50Multiple: 1.2,
  /** A cached anonymous catalog.products p50 with the simulated latency, ms. */
  cachedCatalogP50Ms: 2,
} as const;

const WRITES = ['cart.add', 'checkout.place'];
const CATALOG_READS = ['catalog.products (cached)', 'catalog.products (uncached)', 'catalog.product (uncached)'];

const x = (value: number) => `${value.toFixed(2)}x`;

export function evaluateTargets(report: Omit<BenchReport, 'targets' | 'ok'>): {
  targets: Target[];
  writesOneRoundTrip: boolean;
} {
  const { ratios, costs, latency, floors, checkpoints, roundTripsPerCall } = report;
  const reads = CATALOG_READS.map((name) => [name, costs[name] as Cost] as const);
  const [heaviestRead, heaviest] = reads.reduce((a, b) => (b[1].workerCpuMs > a[1].workerCpuMs ? b : a));
  const cached = latency.procedures['catalog.products (cached)'] as Cost;
  const uncached = latency.procedures['catalog.products (uncached)'] as Cost;
  const checkout = costs['checkout.place'] as Cost;
  const writeTrips = WRITES.map((name) => [name, roundTripsPerCall[name]] as const);
  const writesOneRoundTrip = writeTrips.every(([, trips]) => trips !== undefined && trips.min === 1 && trips.max === 1);
  const targets: Target[] = [
    {
      name: 'database: libSQL server CPU per checkout',
      target: `<= ${TARGETS.dbCheckoutToFloorB}x floor (b), the hand-written checkout on the bare engine`,
      measured: `${x(ratios.dbCheckoutToFloorB)} (${checkout.dbCpuUs.toFixed(0)} µs / ${floors.engine.handWrittenCpuUs.toFixed(0)} µs)`,
      met: ratios.dbCheckoutToFloorB <= TARGETS.dbCheckoutToFloorB,
    },
    {
      name: 'database: no WAL checkpoint on the commit path',
      target: 'checkpoints run in the background only',
      measured: `${checkpoints.mode}; ${checkpoints.background} background checkpoints`,
      met: !checkpoints.onCommitPath,
    },
    {
      name: 'Worker: CPU per checkout',
      target: `<= ${TARGETS.workerCheckoutToFloorA}x floor (a), the same batch posted with plain fetch`,
      measured: `${x(ratios.workerCheckoutToFloorA)} (${checkout.workerCpuMs.toFixed(3)} ms / ${floors.workerCheckoutCpuMs.toFixed(3)} ms)`,
      met: ratios.workerCheckoutToFloorA <= TARGETS.workerCheckoutToFloorA,
    },
    {
      name: 'Worker: CPU per catalog read',
      target: `<= ${TARGETS.workerCatalogReadMs} ms`,
      measured: `heaviest ${heaviestRead} ${heaviest.workerCpuMs.toFixed(3)} ms (${x(heaviest.workerCpuMs / floors.workerCheckoutCpuMs)} floor (a)); ${reads.map(([name, cost]) => `${name} ${cost.workerCpuMs.toFixed(3)}`).join(', ')}`,
      met: heaviest.workerCpuMs <= TARGETS.workerCatalogReadMs,
    },
    {
      name: `latency: checkout.place p50 alone with ${latency.addedLatencyMs} ms simulated latency`,
      target: `<= ${TARGETS.checkoutP50Multiple}x the latency`,
      measured: `${x(latency.checkoutP50Multiple)} (floor (a) ${x(latency.floorCheckoutP50Multiple)}${latency.checkoutP50MultipleUnderLoad === null ? '' : `; under the load ${x(latency.checkoutP50MultipleUnderLoad)}`})`,
      met: latency.checkoutP50Multiple <= TARGETS.checkoutP50Multiple,
    },
    {
      name: `latency: cached anonymous catalog.products p50 with ${latency.addedLatencyMs} ms simulated latency`,
      target: `<= ${TARGETS.cachedCatalogP50Ms} ms`,
      measured: `${cached.latency.p50.toFixed(2)} ms (uncached ${uncached.latency.p50.toFixed(1)} ms)`,
      met: cached.latency.p50 <= TARGETS.cachedCatalogP50Ms,
    },
    {
      name: 'every write one database round trip',
      target: 'exactly 1 pipeline request per cart.add and checkout.place',
      measured: writeTrips.map(([name, trips]) => `${name} ${trips?.min}-${trips?.max}`).join(', '),
      met: writesOneRoundTrip,
    },
  ];
  return { targets, writesOneRoundTrip };
}
