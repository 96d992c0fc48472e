/**
 * Fixtures and checks that only the proofs need, beside the shared stack
 * tooling in local-stack/ (customers, tRPC calls, invariants). Fixtures are
 * written with direct SQL, so only what is under test goes through the Worker.
 */
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import type { Customer } from '../../local-stack/customers.ts';
import type { Stack } from '../../local-stack/start-stack.ts';
import { uniqueTag } from '../../local-stack/unique-tag.ts';
import * as schema from '../../src/db/schema.ts';
import { newProductStatements } from '../../src/db/stock.ts';

/** Products in the seeded catalog's first category, each with its `initial` ledger row (src/db/stock.ts). */
export async function createProducts(stack: Stack, stocks: number[], priceCents = 1_000): Promise<number[]> {
  const name = uniqueTag('proof-product');
  const db = drizzle(stack.db, { schema });
  const firstCategoryId = sql<number>`(SELECT min(${schema.categories.id}) FROM ${schema.categories})`;
  const statements = stocks.flatMap((stock, i) => {
    const { insert, initialStock } = newProductStatements(db, {
      categoryId: firstCategoryId,
      name: `${name}-${i}`,
      description: 'proof',
      priceCents,
      stock,
    });
    return [insert, ...initialStock];
  });
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
  const rows = await stack.db.execute({
    sql: 'SELECT id FROM products WHERE name LIKE ? ORDER BY id',
    args: [`${name}-%`],
  });
  return rows.rows.map((row) => Number(row.id));
}

export type CartLine = { productId: number; quantity: number };

/** Fills each customer's cart directly; the cart's own rules are proven elsewhere. */
export async function fillCarts(stack: Stack, carts: Array<{ customer: Customer; lines: CartLine[] }>) {
  const statements = carts.flatMap(({ customer, lines }) =>
    lines.map((line) => ({
      sql: 'INSERT INTO cart_items (user_id, product_id, quantity) VALUES (?, ?, ?)',
      args: [customer.id, line.productId, line.quantity],
    })),
  );
  await stack.db.batch(statements, 'write');
}

/** An order as stored: its lines, for comparing with what a client was told. */
export async function storedOrder(stack: Stack, orderId: number) {
  const rows = await stack.db.execute({
    sql: 'SELECT product_id, quantity FROM order_items WHERE order_id = ? ORDER BY product_id',
    args: [orderId],
  });
  return rows.rows.map((row) => ({ productId: Number(row.product_id), quantity: Number(row.quantity) }));
}

/** Runs `task` over `items` with at most `concurrency` in flight. */
export async function pooled<T, R>(items: T[], concurrency: number, task: (item: T, index: number) => Promise<R>) {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index] as T, index);
      }
    }),
  );
  return results;
}
