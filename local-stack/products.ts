/**
 * Products written with direct SQL through the one helper for a new product
 * and its initial stock (`newProductStatements`, src/db/stock.ts), so each
 * variant starts with its `initial` ledger row. For the proofs and their
 * tests: only what is under test goes through the Worker.
 */
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import * as schema from '../src/db/schema.ts';
import { type NewVariant, newProductStatements } from '../src/db/stock.ts';
import type { Stack } from './start-stack.ts';
import { uniqueTag } from './unique-tag.ts';

const firstCategoryId = sql<number>`(SELECT min(${schema.categories.id}) FROM ${schema.categories})`;

/** Writes products in the seeded catalog's first category, in one batch. */
async function writeProducts(
  stack: Stack,
  products: Array<{ name: string; description?: string; optionNames: string[]; variants: NewVariant[] }>,
) {
  const db = drizzle(stack.db, { schema });
  const [first, ...rest] = products.flatMap((product) => {
    const { insert, variants } = newProductStatements(db, { categoryId: firstCategoryId, ...product });
    return [insert, ...variants];
  });
  if (first) await db.batch([first, ...rest]);
}

/**
 * One product per entry of `stocks`, each sold in one variant with that
 * stock. Answers the variants' ids, which carts and orders take.
 */
export async function createVariants(stack: Stack, stocks: number[], priceCents = 1_000): Promise<number[]> {
  const name = uniqueTag('proof-product');
  await writeProducts(
    stack,
    stocks.map((stock, i) => ({
      name: `${name}-${i}`,
      description: 'proof',
      optionNames: [],
      variants: [{ options: {}, priceCents, stock }],
    })),
  );
  const rows = await stack.db.execute({
    sql: 'SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id WHERE p.name LIKE ? ORDER BY v.id',
    args: [`${name}-%`],
  });
  return rows.rows.map((row) => Number(row.id));
}

/** One product sold in sizes, `stockBySize` units each; answers each size's variant id. */
export async function createSizedProduct(stack: Stack, stockBySize: Record<string, number>, priceCents = 1_000) {
  const name = uniqueTag('proof-sized');
  await writeProducts(stack, [
    {
      name,
      optionNames: ['Size'],
      variants: Object.entries(stockBySize).map(([size, stock]) => ({ options: { Size: size }, priceCents, stock })),
    },
  ]);
  const rows = await stack.db.execute({
    sql: `SELECT v.id, v.options ->> '$.Size' AS size FROM variants v JOIN products p ON p.id = v.product_id
          WHERE p.name = ? ORDER BY v.id`,
    args: [name],
  });
  return Object.fromEntries(rows.rows.map((row) => [String(row.size), Number(row.id)]));
}
