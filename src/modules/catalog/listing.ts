/**
 * Pure helpers for list reads: the category tree, LIKE patterns and keyset
 * pages. No database here, so the node tests cover them directly.
 */

export type CategoryNode = {
  id: number;
  name: string;
  slug: string;
  parentId: number | null;
  children: CategoryNode[];
};

/**
 * Nests flat category rows under their parents, keeping the rows' order among
 * siblings. A row whose parent is missing becomes a root rather than vanishing.
 */
export function buildCategoryTree(rows: ReadonlyArray<Omit<CategoryNode, 'children'>>): CategoryNode[] {
  const nodes = new Map<number, CategoryNode>();
  for (const row of rows) nodes.set(row.id, { ...row, children: [] });
  const roots: CategoryNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** The escape character paired with `ESCAPE '\'` in the LIKE clause. */
export const LIKE_ESCAPE = '\\';

/** A LIKE pattern matching `text` anywhere, with `%`, `_` and `\` in it taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `${LIKE_ESCAPE}${char}`)}%`;
}

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
