/** The signed-in customer's orders, newest first. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DEFAULT_PAGE_SIZE } from '../../../../src/shared/limits.ts';
import { formatCents } from '../../../../src/shared/money.ts';
import { trpc } from '../../api.ts';
import { afterLastCursor, PagedList, usePagedQuery } from '../../paged-list.tsx';
import { Link } from '../../router.tsx';
import { formatDate, QueryView } from '../../ui.tsx';
import { CancelOrderButton } from './cancel-order.tsx';
import { StatusBadge, StatusTimeline } from './order-status.tsx';

/** The timeline is fetched only when asked for, so the list stays one request. */
function TimelineDisclosure({ id }: { id: number }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="timeline-disclosure" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Status timeline</summary>
      {open && <LoadedTimeline id={id} />}
    </details>
  );
}

function LoadedTimeline({ id }: { id: number }) {
  const order = useQuery(trpc.orders.get.queryOptions({ id }));
  return (
    <QueryView query={order} loading="Loading the timeline…">
      {(data) => <StatusTimeline history={data.history} />}
    </QueryView>
  );
}

export function MyOrdersPage() {
  const orders = usePagedQuery(
    trpc.orders.mine.infiniteQueryOptions({ limit: DEFAULT_PAGE_SIZE }, { getNextPageParam: afterLastCursor }),
  );
  return (
    <section aria-labelledby="orders-title">
      <h1 id="orders-title">My orders</h1>
      <PagedList
        paged={orders}
        loading="Loading your orders…"
        empty={
          <>
            You have no orders yet. <Link to="/">Browse the shop</Link>
          </>
        }
        more="Load more orders"
      >
        {(items) => (
          <ul className="order-list">
            {items.map((order) => (
              <li key={order.id} className="card order-row">
                <Link to={`/orders/${order.id}`}>Order #{order.id}</Link>
                <time dateTime={order.createdAt}>{formatDate(order.createdAt)}</time>
                <StatusBadge status={order.status} />
                <span className="price">{formatCents(order.totalCents)}</span>
                <CancelOrderButton id={order.id} status={order.status} />
                <TimelineDisclosure id={order.id} />
              </li>
            ))}
          </ul>
        )}
      </PagedList>
    </section>
  );
}
