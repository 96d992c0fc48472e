/**
 * Database round trips per procedure, counted rather than estimated: each
 * procedure is called alone and the local server's pipeline-request counter
 * is read before and after each call.
 */
import { type BenchCatalog, benchCartTotalCents } from './fixtures.ts';
import { CART_LINES, type CallOutcome, callProcedure, pickCart } from './load.ts';

export const CALIBRATION_CALLS = 10;

export type RoundTrips = { calls: number; min: number; max: number; mean: number };

type DbStats = () => Promise<{ pipelineRequests: number }>;

async function counted(dbStats: DbStats, action: () => Promise<CallOutcome>): Promise<number> {
  const before = (await dbStats()).pipelineRequests;
  const outcome = await action();
  if (!outcome.ok) throw new Error(`calibration call failed: ${outcome.reason}`);
  return (await dbStats()).pipelineRequests - before;
}

function summarize(samples: number[]): RoundTrips {
  return {
    calls: samples.length,
    min: Math.min(...samples),
    max: Math.max(...samples),
    mean: samples.reduce((sum, value) => sum + value, 0) / samples.length,
  };
}

export async function calibrateRoundTrips(options: {
  baseUrl: string;
  /** Reads the database server's counters. */
  dbStats: DbStats;
  catalog: BenchCatalog;
  customer: { id: number; token: string };
  /** The stack's fixture shipping method. */
  shippingMethodId: number;
}): Promise<Record<string, RoundTrips>> {
  const { baseUrl, dbStats, catalog, customer, shippingMethodId } = options;
  const samples: Record<string, number[]> = {
    'catalog.products': [],
    'catalog.product': [],
    'cart.add': [],
    'checkout.place': [],
  };
  const call = (path: string, kind: 'query' | 'mutation', input: unknown) =>
    callProcedure(baseUrl, path, kind, input, customer.token);
  for (let n = 0; n < CALIBRATION_CALLS; n++) {
    const lines = pickCart(catalog);
    samples['catalog.products']?.push(await counted(dbStats, () => call('catalog.products', 'query', { limit: 20 })));
    samples['catalog.product']?.push(
      await counted(dbStats, () => call('catalog.product', 'query', { id: catalog.productOf.get(lines[0] as number) })),
    );
    const cart = lines.slice(0, CART_LINES);
    for (const variantId of cart) {
      samples['cart.add']?.push(await counted(dbStats, () => call('cart.add', 'mutation', { variantId, quantity: 1 })));
    }
    const checkout = {
      idempotencyKey: `bench-calibrate-${customer.id}-${n}`,
      shippingMethodId,
      expectedTotalCents: benchCartTotalCents(cart.map(() => 1)),
    };
    samples['checkout.place']?.push(await counted(dbStats, () => call('checkout.place', 'mutation', checkout)));
  }
  return Object.fromEntries(Object.entries(samples).map(([path, values]) => [path, summarize(values)]));
}
