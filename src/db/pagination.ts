/** Keyset pagination, shared by every list read (products, orders, movements). */
import { z } from 'zod';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** A list's `limit` input: 1 to 100 rows, 20 when absent. */
export const pageLimitSchema = z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE);

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
