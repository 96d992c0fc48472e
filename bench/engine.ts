/**
 * The engine limit: the benchmark's cycle run in process on the libSQL engine,
 * with no HTTP, no Worker and no tRPC. It calls the same service functions the
 * Worker's procedures call (so the same SQL, batches and guards), through
 * drizzle over `drizzle-orm/libsql` with a `file:` @libsql/client URL, whose
 * driver is the `libsql` package. One connection, sequential, as SQLite has
 * one writer; WAL and synchronous=NORMAL, as the local server runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { brokenInvariants, WHOLE } from '../local-stack/invariants.ts';
import { migrateDatabase } from '../scripts/migrate.ts';
import { seedDatabase } from '../scripts/seed.ts';
import * as schema from '../src/db/schema.ts';
import { addToCart } from '../src/modules/cart/cart.service.ts';
import { productsInput } from '../src/modules/catalog/catalog.schema.ts';
import { getProduct, listProducts } from '../src/modules/catalog/catalog.service.ts';
import { placeOrderFromCart } from '../src/modules/orders/orders.service.ts';
import { createBenchCatalog, createBenchUsers, oversoldProducts } from './fixtures.ts';
import { pickCart } from './load.ts';

/** The engine run's customers place thousands of orders each; the pending-order cap would stop them. */
const ENGINE_LIMITS = { maxPendingOrders: Number.MAX_SAFE_INTEGER };

export const ENGINE_METHOD =
  'same service functions as the Worker (listProducts, getProduct, addToCart, placeOrderFromCart) via drizzle over ' +
  'drizzle-orm/libsql with a file: @libsql/client URL (the libsql engine in process); one connection, sequential, ' +
  'WAL + synchronous=NORMAL like the local server; no HTTP, no Worker, no tRPC';

export type EngineResult = {
  method: string;
  seconds: number;
  cycles: number;
  cyclesPerSecond: number;
  /** Time inside placeOrderFromCart only: the checkout batch alone. */
  checkoutBatchesPerSecond: number;
  checkoutMeanMs: number;
  invariantsOk: boolean;
  problems: string[];
};

export async function measureEngine(options: {
  seconds: number;
  warmupSeconds: number;
  hot: number;
  cold: number;
  customers: number;
}): Promise<EngineResult> {
  const dir = await mkdtemp(join(tmpdir(), 'stockroom-engine-'));
  const url = `file:${join(dir, 'engine.db')}`;
  const client = createClient({ url, intMode: 'number', concurrency: 1 });
  try {
    await migrateDatabase(url);
    await seedDatabase({ url });
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA synchronous = NORMAL');
    const catalog = await createBenchCatalog(client, { hot: options.hot, cold: options.cold });
    const users = (await createBenchUsers(client, options.customers, 'engine')).map((id) => ({
      id,
      email: `engine-${id}@example.com`,
      name: 'Bench',
      role: 'customer' as const,
    }));
    const db = drizzle(client, { schema });
    const listInput = productsInput.parse({ limit: 20 });

    let cycles = 0;
    let checkoutMs = 0;
    let n = 0;
    const run = async (untilMs: number, counting: boolean) => {
      while (performance.now() < untilMs) {
        const user = users[n % users.length] as (typeof users)[number];
        const lines = pickCart(catalog);
        await listProducts(db, listInput);
        await getProduct(db, catalog.productOf.get(lines[0] as number) as number, null);
        for (const variantId of lines) await addToCart(db, user.id, { variantId, quantity: 1 + (n % 2) });
        const started = performance.now();
        await placeOrderFromCart(db, ENGINE_LIMITS, user, `engine-${user.id}-${n}`);
        if (counting) {
          checkoutMs += performance.now() - started;
          cycles++;
        }
        n++;
      }
    };
    await run(performance.now() + options.warmupSeconds * 1_000, false);
    const started = performance.now();
    await run(started + options.seconds * 1_000, true);
    const seconds = (performance.now() - started) / 1_000;

    const broken = await brokenInvariants(client);
    const oversold = await oversoldProducts(client, catalog);
    const problems = [
      ...Object.entries(broken)
        .filter(([, ids]) => ids.length > 0)
        .map(([name, ids]) => `${name}: ${ids.slice(0, 5).join(', ')}`),
      ...(oversold.length > 0 ? [`oversold products: ${oversold.join(', ')}`] : []),
    ];
    return {
      method: ENGINE_METHOD,
      seconds,
      cycles,
      cyclesPerSecond: cycles / seconds,
      checkoutBatchesPerSecond: cycles / (checkoutMs / 1_000),
      checkoutMeanMs: checkoutMs / cycles,
      invariantsOk: problems.length === 0 && JSON.stringify(broken) === JSON.stringify(WHOLE),
      problems,
    };
  } finally {
    client.close();
    await rm(dir, { recursive: true, force: true });
  }
}
