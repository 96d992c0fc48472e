/**
 * Guards for single-batch writes. A guard is a scalar subquery that yields
 * NULL when a precondition fails; written into a NOT NULL column, it makes
 * the statement, and so the whole batch, fail with a constraint error that
 * names the column. That is how a batch refuses an unknown or archived
 * variant without a read before the write.
 */
import { type SQL, sql } from 'drizzle-orm';
import { products, variants } from './schema.ts';

/** The variant's id when it exists (archived or not), else NULL. */
export function existingVariantId(variantId: number): SQL<number> {
  return sql<number>`(SELECT ${variants.id} FROM ${variants} WHERE ${variants.id} = ${variantId})`;
}

/** What "on sale" means everywhere: the variant and its product both active, as `v` and `p` name them. */
function onSale(v: SQL, p: SQL): SQL<boolean> {
  return sql<boolean>`(${v}.is_active = 1 AND ${p}.is_active = 1)`;
}

/** True when a row's variant and its product are both on sale, for queries that join `variants` and `products` by name. */
export function variantOnSale(): SQL<boolean> {
  return onSale(sql`${variants}`, sql`${products}`);
}

/** The same rule for queries that join them as `v` and `p`. */
export function variantOnSaleAs(): SQL<boolean> {
  return onSale(sql.raw('v'), sql.raw('p'));
}

/**
 * The current price of the variant joined as `v`, when it and its product
 * (joined as `p`) are on sale, else NULL: written into
 * order_items.unit_price_cents (NOT NULL), it both snapshots the price and
 * refuses an archived or unknown variant (LEFT JOINed, it has no row: NULL).
 * Read from the joined rows, not a subquery per line.
 */
export function activeVariantPrice(): SQL<number> {
  return sql<number>`CASE WHEN ${variantOnSaleAs()} THEN v.price_cents END`;
}
