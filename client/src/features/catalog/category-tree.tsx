/** The category tree as nested links; the current category is marked for assistive tech. */
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../../api.ts';
import { Link } from '../../router.tsx';
import type { Outputs } from '../../types.ts';
import { ErrorNotice, Loading } from '../../ui.tsx';

const WIDE_SCREEN = window.matchMedia('(min-width: 720px)');

export type Category = Outputs['catalog']['categories'][number];

function Branch({ categories, currentId }: { categories: Category[]; currentId?: number }) {
  return (
    <ul>
      {categories.map((category) => (
        <li key={category.id}>
          <Link
            to={`/?category=${category.id}`}
            aria-current={category.id === currentId ? 'page' : undefined}
            className={category.id === currentId ? 'current' : undefined}
          >
            {category.name}
          </Link>
          {category.children.length > 0 && <Branch categories={category.children} currentId={currentId} />}
        </li>
      ))}
    </ul>
  );
}

export function findCategory(categories: Category[], id: number): Category | undefined {
  for (const category of categories) {
    if (category.id === id) return category;
    const found = findCategory(category.children, id);
    if (found) return found;
  }
  return undefined;
}

export function CategoryTree({ currentId }: { currentId?: number }) {
  const query = useQuery(trpc.catalog.categories.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  return (
    <nav aria-label="Categories" className="category-tree">
      {/* Folded on a phone so the products come first; open on wider screens. */}
      <details open={WIDE_SCREEN.matches}>
        <summary>
          <h2>Categories</h2>
        </summary>
        {query.isPending && <Loading label="Loading categories…" />}
        {query.error && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
        {query.data && (
          <>
            <Link to="/" aria-current={currentId === undefined ? 'page' : undefined}>
              All products
            </Link>
            <Branch categories={query.data} currentId={currentId} />
          </>
        )}
      </details>
    </nav>
  );
}
