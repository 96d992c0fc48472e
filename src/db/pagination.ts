/** Keyset pagination, shared by every list read (products, orders, movements). */
export type Page<T, C = number> = { items: T[]; nextCursor: C | null };

/**
 * A keyset page from `limit + 1` rows: the extra row only says there is more,
 * and the cursor is the id of the last row returned (or what `cursorOf` makes
 * of that row, e.g. a search's rank and id).
 */
export function keysetPage<T extends { id: number }, C = number>(
  rows: T[],
  limit: number,
  cursorOf: (row: T) => C = (row) => row.id as C,
): Page<T, C> {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: last === undefined ? null : cursorOf(last) };
}
