/**
 * The load: many customers at once, each looping over a checkout-heavy cycle
 * against the Worker over HTTP (browse the catalog, open a product, add three
 * lines to the cart, check out), with a few hot products in most carts.
 * Calls are recorded only while the measured window is open.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type BenchCatalog, benchCartTotalCents } from './fixtures.ts';

export const CYCLE = ['catalog.products', 'catalog.product', 'cart.add', 'checkout.place'] as const;
export type ProcedureName = (typeof CYCLE)[number] | 'cart.clear';

export const CART_LINES = 3;
/** Each cart line is a hot product with this probability, else one of the many cold ones. */
export const HOT_SHARE = 0.5;

export type CallOutcome = { ok: boolean; ms: number; reason?: string };

/** One tRPC call over HTTP; never throws, so every outcome is counted. */
export async function callProcedure(
  baseUrl: string,
  path: string,
  kind: 'query' | 'mutation',
  input: unknown,
  token?: string,
): Promise<CallOutcome> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const started = performance.now();
  try {
    const response =
      kind === 'query'
        ? await fetch(`${baseUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
        : await fetch(`${baseUrl}/trpc/${path}`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: input === undefined ? undefined : JSON.stringify(input),
          });
    const text = await response.text();
    const ms = performance.now() - started;
    if (response.ok) return { ok: true, ms };
    try {
      const body = JSON.parse(text) as { error?: { data?: { reason?: string; code?: string } } };
      return { ok: false, ms, reason: body.error?.data?.reason ?? body.error?.data?.code ?? `HTTP ${response.status}` };
    } catch {
      return { ok: false, ms, reason: `HTTP ${response.status} ${text.slice(0, 60)}` };
    }
  } catch (error) {
    return { ok: false, ms: performance.now() - started, reason: `network: ${(error as Error).message}` };
  }
}

/** Latencies per procedure and errors by procedure and reason, for calls completed in the window. */
export class Recorder {
  readonly latencies = new Map<string, number[]>();
  readonly errors = new Map<string, number>();
  checkouts = 0;
  requests = 0;
  measuring = false;

  record(path: string, outcome: CallOutcome): void {
    if (!this.measuring) return;
    this.requests++;
    const list = this.latencies.get(path) ?? [];
    if (list.length === 0) this.latencies.set(path, list);
    list.push(outcome.ms);
    if (outcome.ok) {
      if (path === 'checkout.place') this.checkouts++;
      return;
    }
    const key = `${path}: ${outcome.reason}`;
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
  }
}

/** Three distinct products, each hot with probability HOT_SHARE. */
export function pickCart(catalog: BenchCatalog, random: () => number = Math.random): number[] {
  const picked = new Set<number>();
  while (picked.size < CART_LINES) {
    const pool = random() < HOT_SHARE ? catalog.hot : catalog.cold;
    picked.add(pool[Math.floor(random() * pool.length)] as number);
  }
  return [...picked];
}

export type LoadOptions = {
  baseUrl: string;
  catalog: BenchCatalog;
  customers: Array<{ id: number; token: string }>;
  /** The stack's fixture shipping method, which every checkout ships by. */
  shippingMethodId: number;
  warmupMs: number;
  durationMs: number;
  /** Tells apart idempotency keys of different phases. */
  runTag: string;
  onProgress?: (recorder: Recorder, elapsedMs: number) => void;
};

export type LoadResult = { recorder: Recorder; windowMs: number };

/**
 * Runs every customer's loop until the window closes. Calls that complete
 * inside the window (after warm-up, before the end) are recorded; customers
 * then finish their current cycle unrecorded.
 */
export async function runLoad(
  options: LoadOptions,
  window: { open(): Promise<void>; close(): Promise<void> },
): Promise<LoadResult> {
  const recorder = new Recorder();
  let stopping = false;
  const call = async (path: ProcedureName, kind: 'query' | 'mutation', input: unknown, token?: string) => {
    const outcome = await callProcedure(options.baseUrl, path, kind, input, token);
    recorder.record(path, outcome);
    return outcome;
  };
  const loop = async (customer: { id: number; token: string }) => {
    for (let n = 0; !stopping; n++) {
      const lines = pickCart(options.catalog);
      await call('catalog.products', 'query', { limit: 20 });
      await call('catalog.product', 'query', { id: options.catalog.productOf.get(lines[0] as number) });
      // The total the shopper agrees to is the cart's, as filled: the lines it took.
      const added: number[] = [];
      for (const variantId of lines) {
        const quantity = 1 + (n % 2);
        if ((await call('cart.add', 'mutation', { variantId, quantity }, customer.token)).ok) added.push(quantity);
      }
      const placed = await call(
        'checkout.place',
        'mutation',
        {
          idempotencyKey: `bench-${options.runTag}-${customer.id}-${n}`,
          shippingMethodId: options.shippingMethodId,
          expectedTotalCents: benchCartTotalCents(added),
        },
        customer.token,
      );
      if (!placed.ok) await call('cart.clear', 'mutation', undefined, customer.token);
    }
  };
  const started = performance.now();
  const progress = setInterval(() => options.onProgress?.(recorder, performance.now() - started), 1_000);
  const loops = options.customers.map(loop);
  await sleep(options.warmupMs);
  await window.open();
  recorder.measuring = true;
  const measureStart = performance.now();
  await sleep(options.durationMs);
  recorder.measuring = false;
  const windowMs = performance.now() - measureStart;
  await window.close();
  stopping = true;
  await Promise.all(loops);
  clearInterval(progress);
  return { recorder, windowMs };
}
