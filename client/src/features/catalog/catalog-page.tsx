/** The shop's front page: the category tree beside a product grid, filtered by category or search. */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { trpc } from '../../api.ts';
import { Empty, ErrorNotice, Loading } from '../../ui.tsx';
import { CategoryTree, findCategory } from './category-tree.tsx';
import { ProductCard } from './product-card.tsx';

const PAGE_SIZE = 12;

export function CatalogPage({ categoryId, search }: { categoryId?: number; search?: string }) {
  const categories = useQuery(trpc.catalog.categories.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const products = useInfiniteQuery(
    trpc.catalog.products.infiniteQueryOptions(
      { categoryId, search: search || undefined, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const category = categoryId && categories.data ? findCategory(categories.data, categoryId) : undefined;
  const title = search ? `Results for “${search}”` : (category?.name ?? (categoryId ? 'Category' : 'All products'));
  const items = products.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="catalog">
      <CategoryTree currentId={categoryId} />
      <section aria-labelledby="catalog-title" className="catalog-products">
        <h1 id="catalog-title">{title}</h1>
        {products.isPending && <Loading label="Loading products…" />}
        {products.error && <ErrorNotice error={products.error} onRetry={() => void products.refetch()} />}
        {products.data && items.length === 0 && (
          <Empty>{search ? 'No products match your search.' : 'No products in this category yet.'}</Empty>
        )}
        {items.length > 0 && (
          <ul className="product-grid" aria-label="Products">
            {items.map((product) => (
              <li key={product.id}>
                <ProductCard product={product} />
              </li>
            ))}
          </ul>
        )}
        {products.hasNextPage && (
          <button
            type="button"
            onClick={() => void products.fetchNextPage()}
            disabled={products.isFetchingNextPage}
            className="load-more"
          >
            {products.isFetchingNextPage ? 'Loading more…' : 'Load more products'}
          </button>
        )}
      </section>
    </div>
  );
}
