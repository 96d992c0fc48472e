/** The category tree as one list for a select: each category by its path, "Home › Kitchen › Coffee". */
import type { Category } from '../../catalog/category-tree.tsx';

export type CategoryOption = { id: number; path: string };

export function categoryOptions(tree: Category[], parents: string[] = []): CategoryOption[] {
  return tree.flatMap((category) => {
    const path = [...parents, category.name];
    return [{ id: category.id, path: path.join(' › ') }, ...categoryOptions(category.children, path)];
  });
}
