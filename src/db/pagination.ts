/** Keyset pagination, shared by every list read (products, orders, movements). */
export type Page<T> = { items: T[]; nextCursor: number | null };

/**
 * A keyset page from `limit + 1` rows: the extra row only says there is more,
 * and the cursor is the id of the last row returned.
 */
export function keysetPage<T extends { id: number }>(rows: T[], limit: number): Page<T> {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  return { items, nextCursor: items[items.length - 1]?.id ?? null };
}
