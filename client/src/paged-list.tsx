/**
 * The "load more" list: every list procedure answers one keyset page at a
 * time (`{ items, nextCursor }`, see src/db/pagination.ts), and every page
 * that shows one loads, fails, stays empty and asks for more the same way.
 */
import {
  type InfiniteData,
  type QueryKey,
  type UseInfiniteQueryOptions,
  type UseInfiniteQueryResult,
  useInfiniteQuery,
} from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Empty, ErrorNotice, Loading } from './ui.tsx';

/** A cursor is an id, or an opaque string (a search's rank and id); either is passed back as it came. */
type Cursor = number | string;
type KeysetPage<T, C extends Cursor = Cursor> = { items: T[]; nextCursor: C | null };

/**
 * The `getNextPageParam` of every list procedure's `infiniteQueryOptions`: the
 * next page starts after the last page's cursor, and there is none after a null one.
 * Generic so that tRPC still takes the page type from the procedure, not from here.
 */
export function afterLastCursor<C extends Cursor, T extends { nextCursor: C | null }>(page: T): C | undefined {
  return page.nextCursor ?? undefined;
}

/** A paged query and the items of every page loaded so far, in order. */
export type PagedQuery<T, C extends Cursor = Cursor> = {
  query: UseInfiniteQueryResult<InfiniteData<KeysetPage<T, C>, unknown>, unknown>;
  items: T[];
};

/**
 * Runs a list procedure's infinite query.
 *
 * @example
 * const products = usePagedQuery(
 *   trpc.catalog.products.infiniteQueryOptions({ limit: 12 }, { getNextPageParam: afterLastCursor }),
 * );
 */
export function usePagedQuery<T, C extends Cursor, TError, TCursor, TQueryKey extends QueryKey>(
  options: UseInfiniteQueryOptions<
    KeysetPage<T, C>,
    TError,
    InfiniteData<KeysetPage<T, C>, TCursor>,
    TQueryKey,
    TCursor
  >,
): PagedQuery<T, C> {
  const query = useInfiniteQuery(options);
  return { query, items: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

type PagedListProps<T> = {
  paged: PagedQuery<T, Cursor>;
  /** What the first page's loading state says. */
  loading: string;
  /** What shows when there are no items at all. */
  empty: ReactNode;
  /** The label of the button that loads the next page. */
  more: string;
  /** The button's label while the next page loads; `more` when not given. */
  loadingMore?: string;
  moreClassName?: string;
  /** The items so far, once there is at least one. */
  children: (items: T[]) => ReactNode;
};

/** A paged query's loading, error and empty states, its items, and the button that loads more. */
export function PagedList<T>({ paged, loading, empty, more, loadingMore, moreClassName, children }: PagedListProps<T>) {
  const { query, items } = paged;
  return (
    <>
      {query.isPending && <Loading label={loading} />}
      {query.error && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && items.length === 0 && <Empty>{empty}</Empty>}
      {items.length > 0 && children(items)}
      {query.hasNextPage && (
        <button
          type="button"
          onClick={() => void query.fetchNextPage()}
          disabled={query.isFetchingNextPage}
          className={moreClassName}
        >
          {query.isFetchingNextPage && loadingMore ? loadingMore : more}
        </button>
      )}
    </>
  );
}
