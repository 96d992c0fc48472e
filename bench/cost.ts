/**
 * The cost pass: each procedure called alone, one call at a time, while the
 * CPU time of the Worker's workerd process and of the libSQL server process,
 * and the server's counters (pipeline requests and their bytes), are read
 * before and after. Calls go on until the Worker's process has spent enough
 * CPU for the figure to be exact to within a percent or so (see
 * process-cpu.ts), up to a bound.
 *
 * Checkouts find their carts filled beforehand with direct SQL, so the
 * window holds the checkout alone, for the app and for floor (a) alike.
 */
import type { Customer } from '../local-stack/customers.ts';
import type { Stack } from '../local-stack/start-stack.ts';
import { type BenchCatalog, benchCartTotalCents } from './fixtures.ts';
import { PROBES } from './floor-worker.ts';
import { type CallOutcome, callProcedure, pickCart } from './load.ts';
import { type Percentiles, percentiles } from './percentiles.ts';
import { cpuMs } from './process-cpu.ts';

export type Cost = {
  calls: number;
  /** The Worker's workerd process, ms of CPU per call. */
  workerCpuMs: number;
  /** The libSQL server process, µs of CPU per call. */
  dbCpuUs: number;
  /** Database round trips (pipeline requests) per call. */
  roundTrips: number;
  /** Pipeline request and response bodies per call. */
  requestBytes: number;
  responseBytes: number;
  /** Wall time per call, one at a time. */
  latency: Percentiles;
};

export type ProcedureSpec = {
  name: string;
  /** Calls made before the window opens (warm caches, a first cache fill). */
  warmup: number;
  /** Most calls in the window; `call(i)` gets i from 0 to warmup + maxCalls - 1. */
  maxCalls: number;
  call: (i: number) => Promise<CallOutcome>;
};

export type Probe = { workerPid: number; dbPid: () => number | undefined; stack: Stack };

export type CostLimits = { minCalls: number; minWorkerCpuMs: number };

async function must(name: string, outcome: Promise<CallOutcome>): Promise<number> {
  const result = await outcome;
  if (!result.ok) throw new Error(`${name} failed during the cost pass: ${result.reason}`);
  return result.ms;
}

export async function measureCost(probe: Probe, spec: ProcedureSpec, limits: CostLimits): Promise<Cost> {
  for (let i = 0; i < spec.warmup; i++) await must(spec.name, spec.call(i));
  const dbPid = probe.dbPid();
  if (dbPid === undefined) throw new Error('the database server is not running');
  const stats = await probe.stack.dbStats();
  const worker = cpuMs(probe.workerPid);
  const db = cpuMs(dbPid);
  const samples: number[] = [];
  while (
    samples.length < spec.maxCalls &&
    (samples.length < limits.minCalls || cpuMs(probe.workerPid) - worker < limits.minWorkerCpuMs)
  ) {
    samples.push(await must(spec.name, spec.call(spec.warmup + samples.length)));
  }
  const workerSpent = cpuMs(probe.workerPid) - worker;
  const dbSpent = cpuMs(dbPid) - db;
  const after = await probe.stack.dbStats();
  const calls = samples.length;
  return {
    calls,
    workerCpuMs: workerSpent / calls,
    dbCpuUs: (dbSpent * 1_000) / calls,
    roundTrips: (after.pipelineRequests - stats.pipelineRequests) / calls,
    requestBytes: (after.pipelineRequestBytes - stats.pipelineRequestBytes) / calls,
    responseBytes: (after.pipelineResponseBytes - stats.pipelineResponseBytes) / calls,
    latency: percentiles(samples),
  };
}

/**
 * Fills one 3-line cart per customer with direct SQL (nothing measured sees
 * it); answers each cart's total by customer id, the total its checkout agrees to.
 */
export async function fillCarts(
  stack: Stack,
  catalog: BenchCatalog,
  customers: Customer[],
): Promise<Map<number, number>> {
  const owners = customers.map((customer) => `('user:${customer.id}', ${customer.id})`);
  await stack.db.execute(`INSERT INTO carts (owner_key, user_id) VALUES ${owners.join(', ')} ON CONFLICT DO NOTHING`);
  const totals = new Map<number, number>();
  const rows = customers.flatMap((customer, n) => {
    const quantity = 1 + (n % 2);
    const lines = pickCart(catalog);
    totals.set(customer.id, benchCartTotalCents(lines.map(() => quantity)));
    return lines.map(
      (variantId) => `((SELECT id FROM carts WHERE owner_key = 'user:${customer.id}'), ${variantId}, ${quantity})`,
    );
  });
  for (let i = 0; i < rows.length; i += 500) {
    await stack.db.execute(
      `INSERT INTO cart_items (cart_id, variant_id, quantity) VALUES ${rows.slice(i, i + 500).join(', ')}`,
    );
  }
  return totals;
}

/** A GET to floor (a) (`/?user=&key=&method=&total=`: the same checkout batch posted with plain fetch by a tiny Worker), or one of its probes. */
export async function callFloor(url: string): Promise<CallOutcome> {
  const started = performance.now();
  try {
    const response = await fetch(url);
    const text = await response.text();
    const ms = performance.now() - started;
    return response.ok ? { ok: true, ms } : { ok: false, ms, reason: `HTTP ${response.status} ${text.slice(0, 200)}` };
  } catch (error) {
    return { ok: false, ms: performance.now() - started, reason: `network: ${(error as Error).message}` };
  }
}

export type Workers = { app: string; uncached: string; floor: string };

export const FLOOR_A = 'floor (a): the checkout batch via plain fetch';

/**
 * The procedures the report shows, in its order. Checkouts (app and floor)
 * take a customer each, whose cart is filled here first.
 */
export async function procedureSpecs(options: {
  stack: Stack;
  workers: Workers;
  catalog: BenchCatalog;
  /** Customers for cart.add, any number. */
  shoppers: Customer[];
  /** One customer per checkout call, for the app and for floor (a): warmup + maxCalls each. */
  appCheckouts: Customer[];
  floorCheckouts: Customer[];
  tag: string;
  reads: { warmup: number; maxCalls: number };
  writes: { warmup: number; maxCalls: number };
}): Promise<ProcedureSpec[]> {
  const { workers, catalog, shoppers, appCheckouts, floorCheckouts, tag, reads, writes } = options;
  const totals = await fillCarts(options.stack, catalog, [...appCheckouts, ...floorCheckouts]);
  const shippingMethodId = options.stack.fixtureShippingMethodId;
  const variants = [...catalog.hot, ...catalog.cold];
  const products = [...new Set(variants.map((id) => catalog.productOf.get(id) as number))];
  const list = { limit: 20 };
  const pick = <T>(items: T[], i: number) => items[i % items.length] as T;
  return [
    {
      name: 'catalog.products (cached)',
      ...reads,
      call: () => callProcedure(workers.app, 'catalog.products', 'query', list),
    },
    {
      name: 'catalog.products (uncached)',
      ...reads,
      call: () => callProcedure(workers.uncached, 'catalog.products', 'query', list),
    },
    {
      name: 'catalog.product (uncached)',
      ...reads,
      call: (i) => callProcedure(workers.uncached, 'catalog.product', 'query', { id: pick(products, i) }),
    },
    {
      name: 'cart.add',
      ...writes,
      call: (i) => {
        const customer = pick(shoppers, i);
        const variantId = pick(variants, Math.floor(i / shoppers.length));
        return callProcedure(workers.app, 'cart.add', 'mutation', { variantId, quantity: 1 }, customer.token);
      },
    },
    {
      name: 'checkout.place',
      ...writes,
      call: (i) => {
        const customer = appCheckouts[i] as Customer;
        const checkout = {
          idempotencyKey: `bench-${tag}-${customer.id}`,
          shippingMethodId,
          expectedTotalCents: totals.get(customer.id),
        };
        return callProcedure(workers.app, 'checkout.place', 'mutation', checkout, customer.token);
      },
    },
    {
      name: FLOOR_A,
      ...writes,
      call: (i) => {
        const customer = floorCheckouts[i] as Customer;
        const key = `bench-floor-${tag}-${customer.id}`;
        const total = totals.get(customer.id);
        return callFloor(`${workers.floor}/?user=${customer.id}&key=${key}&method=${shippingMethodId}&total=${total}`);
      },
    },
    ...Object.entries(PROBES).map(([path, name]) => ({
      name,
      ...reads,
      call: () => callFloor(`${workers.floor}/probe/${path}`),
    })),
  ];
}
