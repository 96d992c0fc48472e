/** The shop's front page: the category tree beside a product grid, filtered by category, search, stock and price. */
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../../api.ts';
import { afterLastCursor, PagedList, usePagedQuery } from '../../paged-list.tsx';
import { type CatalogFilters, CatalogFiltersForm } from './catalog-filters.tsx';
import { CategoryTree, findCategory } from './category-tree.tsx';
import { ProductCard } from './product-card.tsx';

const PAGE_SIZE = 12;

type CatalogPageProps = { categoryId?: number; search?: string; filters?: CatalogFilters };

export function CatalogPage({ categoryId, search, filters = {} }: CatalogPageProps) {
  const categories = useQuery(trpc.catalog.categories.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const { minPriceCents, maxPriceCents } = filters;
  // A range the API would refuse (min above max) is read as the other way round.
  const range =
    minPriceCents !== undefined && maxPriceCents !== undefined && minPriceCents > maxPriceCents
      ? { minPriceCents: maxPriceCents, maxPriceCents: minPriceCents }
      : { minPriceCents, maxPriceCents };
  const products = usePagedQuery(
    trpc.catalog.products.infiniteQueryOptions(
      { categoryId, search: search || undefined, inStock: filters.inStock, ...range, limit: PAGE_SIZE },
      { getNextPageParam: afterLastCursor },
    ),
  );
  const category = categoryId && categories.data ? findCategory(categories.data, categoryId) : undefined;
  const title = search ? `Results for “${search}”` : (category?.name ?? (categoryId ? 'Category' : 'All products'));

  return (
    <div className="catalog">
      <CategoryTree currentId={categoryId} />
      <section aria-labelledby="catalog-title" className="catalog-products">
        <h1 id="catalog-title">{title}</h1>
        <CatalogFiltersForm filters={filters} />
        <PagedList
          paged={products}
          loading="Loading products…"
          empty={
            search || filters.inStock || minPriceCents !== undefined || maxPriceCents !== undefined
              ? 'No products match your search.'
              : 'No products in this category yet.'
          }
          more="Load more products"
          loadingMore="Loading more…"
          moreClassName="load-more"
        >
          {(items) => (
            <ul className="product-grid" aria-label="Products">
              {items.map((product) => (
                <li key={product.id}>
                  <ProductCard product={product} />
                </li>
              ))}
            </ul>
          )}
        </PagedList>
      </section>
    </div>
  );
}
