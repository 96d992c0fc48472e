/**
 * The benchmark's catalog and shoppers, written with direct SQL into a seeded
 * database (the stack's, or the engine run's file), so setup never counts
 * against the numbers. Shoppers ship to the fixture address, by the fixture
 * method, which the database must hold (installFixtureShipping).
 */

import type { Client } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { defaultAddressStatement } from '../local-stack/fixture-address.ts';
import * as schema from '../src/db/schema.ts';
import { newProductStatements } from '../src/db/stock.ts';

const firstCategoryId = sql<number>`(SELECT min(${schema.categories.id}) FROM ${schema.categories})`;

/** Enough that a run never sells out: the benchmark measures throughput, not refusals. */
export const BENCH_STOCK = 1_000_000;
export const PRICE_CENTS = 1_250;

/**
 * What a cart of bench variants comes to, by its lines' quantities: every
 * bench variant sells at PRICE_CENTS, and the fixture method the bench
 * checks out with ships free and untaxed (local-stack/fixture-address.ts).
 */
export function benchCartTotalCents(quantities: number[]): number {
  return quantities.reduce((sum, quantity) => sum + quantity * PRICE_CENTS, 0);
}

/** Every bench product is sold in these sizes, so the cycle goes through variants as a shop's does. */
export const BENCH_SIZES = ['S', 'M', 'L'];

/**
 * The bench's variants: hot and cold variant ids (the lines of every cart), the
 * product each belongs to (for catalog.product), and each one's initial stock.
 */
export type BenchCatalog = {
  hot: number[];
  cold: number[];
  productOf: Map<number, number>;
  initialStock: Map<number, number>;
};

export async function createBenchCatalog(db: Client, counts: { hot: number; cold: number }): Promise<BenchCatalog> {
  const names = [
    ...Array.from({ length: counts.hot }, (_, i) => `bench-hot-${i}`),
    ...Array.from({ length: counts.cold }, (_, i) => `bench-cold-${i}`),
  ];
  const orm = drizzle(db, { schema });
  const [first, ...rest] = names.flatMap((name) => {
    const { insert, variants } = newProductStatements(
      orm,
      {
        categoryId: firstCategoryId,
        name,
        description: 'benchmark product',
        optionNames: ['Size'],
        variants: BENCH_SIZES.map((size) => ({ options: { Size: size }, priceCents: PRICE_CENTS, stock: BENCH_STOCK })),
      },
      { note: 'bench' },
    );
    return [insert, ...variants];
  });
  if (first) await orm.batch([first, ...rest]);
  const rows = await db.execute(
    `SELECT v.id, v.product_id, v.stock, p.name FROM variants v JOIN products p ON p.id = v.product_id
     WHERE p.name LIKE 'bench-%' ORDER BY v.id`,
  );
  const idsOf = (prefix: string) =>
    rows.rows.filter((row) => String(row.name).startsWith(prefix)).map((row) => Number(row.id));
  return {
    hot: idsOf('bench-hot-'),
    cold: idsOf('bench-cold-'),
    productOf: new Map(rows.rows.map((row) => [Number(row.id), Number(row.product_id)])),
    initialStock: new Map(rows.rows.map((row) => [Number(row.id), Number(row.stock)])),
  };
}

/** Customer rows only (the engine run needs no tokens); returns their ids. */
export async function createBenchUsers(db: Client, count: number, tag: string): Promise<number[]> {
  await db.batch(
    [
      ...Array.from({ length: count }, (_, i) => ({
        sql: "INSERT INTO users (email, name, password_hash, role) VALUES (?, 'Bench', 'unusable', 'customer')",
        args: [`bench-${tag}-${i}@example.com`],
      })),
      // Each with a default address (the checkout ships there) and a cart row (filled by direct SQL).
      defaultAddressStatement(`bench-${tag}-%`),
      {
        sql: "INSERT INTO carts (owner_key, user_id) SELECT 'user:' || id, id FROM users WHERE email LIKE ?",
        args: [`bench-${tag}-%`],
      },
    ],
    'write',
  );
  const rows = await db.execute({
    sql: 'SELECT id FROM users WHERE email LIKE ? ORDER BY id',
    args: [`bench-${tag}-%`],
  });
  return rows.rows.map((row) => Number(row.id));
}

/**
 * Nothing oversold: each bench variant's stock is its initial stock minus
 * every unit in an order, and never below zero. Returns the ids that break it.
 */
export async function oversoldProducts(db: Client, catalog: BenchCatalog): Promise<number[]> {
  const ids = [...catalog.initialStock.keys()];
  const rows = await db.execute(
    `SELECT v.id, v.stock, (SELECT coalesce(sum(quantity), 0) FROM order_items i WHERE i.variant_id = v.id) AS sold
     FROM variants v WHERE v.id IN (${ids.join(',')})`,
  );
  return rows.rows
    .filter((row) => {
      const stock = Number(row.stock);
      return stock < 0 || stock !== (catalog.initialStock.get(Number(row.id)) as number) - Number(row.sold);
    })
    .map((row) => Number(row.id));
}
