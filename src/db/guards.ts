/**
 * Guards for single-batch writes. A guard is a scalar subquery that yields
 * NULL when a precondition fails; written into a NOT NULL column, it makes
 * the statement, and so the whole batch, fail with a constraint error that
 * names the column. That is how a batch refuses an unknown or archived
 * product without a read before the write.
 */
import { type SQL, sql } from 'drizzle-orm';
import { products } from './schema.ts';

/** The product's id when it exists (archived or not), else NULL. */
export function existingProductId(productId: number): SQL<number> {
  return sql<number>`(SELECT ${products.id} FROM ${products} WHERE ${products.id} = ${productId})`;
}

/**
 * The current price of a product that is on sale, else NULL: written into
 * order_items.unit_price_cents (NOT NULL), it both snapshots the price and
 * refuses an archived or unknown product.
 */
export function activeProductPrice(productId: SQL | number): SQL<number> {
  return sql<number>`(SELECT ${products.priceCents} FROM ${products} WHERE ${products.id} = ${productId} AND ${products.isActive} = 1)`;
}
