/** Every order, grouped by status, each with the moves it can make next. */
import { useInfiniteQuery } from '@tanstack/react-query';
import { formatCents } from '../../../../src/shared/money.ts';
import { ORDER_STATUSES, type OrderStatus } from '../../../../src/shared/order-status.ts';
import { trpc } from '../../api.ts';
import { Link } from '../../router.tsx';
import { Empty, ErrorNotice, formatDate, Loading } from '../../ui.tsx';
import { STATUS_LABELS } from '../orders/order-status.tsx';
import { StatusActions } from './status-actions.tsx';

function StatusGroup({ status }: { status: OrderStatus }) {
  const orders = useInfiniteQuery(
    trpc.orders.list.infiniteQueryOptions(
      { status, limit: 20 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const items = orders.data?.pages.flatMap((page) => page.items) ?? [];
  const headingId = `group-${status}`;
  return (
    <section aria-labelledby={headingId} className={`status-group status-${status}`}>
      <h2 id={headingId}>
        {STATUS_LABELS[status]}{' '}
        {orders.data && (
          <span className="count">
            ({items.length}
            {orders.hasNextPage ? '+' : ''})
          </span>
        )}
      </h2>
      {orders.isPending && <Loading label={`Loading ${status} orders…`} />}
      {orders.error && <ErrorNotice error={orders.error} onRetry={() => void orders.refetch()} />}
      {orders.data && items.length === 0 && <Empty>No {status} orders.</Empty>}
      {items.length > 0 && (
        <ul className="order-list">
          {items.map((order) => (
            <li key={order.id} className="card order-row">
              <Link to={`/admin/orders/${order.id}`}>Order #{order.id}</Link>
              <span>{order.customer.name}</span>
              <time dateTime={order.createdAt}>{formatDate(order.createdAt)}</time>
              <span className="price">{formatCents(order.totalCents)}</span>
              <StatusActions id={order.id} status={order.status} />
            </li>
          ))}
        </ul>
      )}
      {orders.hasNextPage && (
        <button type="button" onClick={() => void orders.fetchNextPage()} disabled={orders.isFetchingNextPage}>
          More {status} orders
        </button>
      )}
    </section>
  );
}

export function AdminOrdersPage() {
  return (
    <div>
      <h1>Orders</h1>
      <div className="status-groups">
        {ORDER_STATUSES.map((status) => (
          <StatusGroup key={status} status={status} />
        ))}
      </div>
    </div>
  );
}
