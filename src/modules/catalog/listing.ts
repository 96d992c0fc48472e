/**
 * Pure helpers for catalog reads: the category tree. No database here, so the node tests cover them directly.
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
