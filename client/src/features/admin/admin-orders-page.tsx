/** Every order, grouped by status, each with the moves it can make next. */

import { DEFAULT_PAGE_SIZE } from '../../../../src/shared/limits.ts';
import { ORDER_STATUSES, type OrderStatus } from '../../../../src/shared/order-status.ts';
import { trpc } from '../../api.ts';
import { afterLastCursor, PagedList, usePagedQuery } from '../../paged-list.tsx';
import { Link } from '../../router.tsx';
import { useMoney } from '../../store-settings.tsx';
import { formatDate } from '../../ui.tsx';
import { ORDER_STATUS_LABELS } from '../orders/status-labels.ts';
import { StatusActions } from './status-actions.tsx';

function StatusGroup({ status }: { status: OrderStatus }) {
  const money = useMoney();
  const orders = usePagedQuery(
    trpc.orders.list.infiniteQueryOptions({ status, limit: DEFAULT_PAGE_SIZE }, { getNextPageParam: afterLastCursor }),
  );
  const headingId = `group-${status}`;
  return (
    <section aria-labelledby={headingId} className={`status-group status-${status}`}>
      <h2 id={headingId}>
        {ORDER_STATUS_LABELS[status]}{' '}
        {orders.query.data && (
          <span className="count">
            ({orders.items.length}
            {orders.query.hasNextPage ? '+' : ''})
          </span>
        )}
      </h2>
      <PagedList
        paged={orders}
        loading={`Loading ${status} orders…`}
        empty={`No ${status} orders.`}
        more={`More ${status} orders`}
      >
        {(items) => (
          <ul className="order-list">
            {items.map((order) => (
              <li key={order.id} className="card order-row">
                <Link to={`/admin/orders/${order.id}`}>Order #{order.id}</Link>
                <span>{order.customer.name}</span>
                <time dateTime={order.createdAt}>{formatDate(order.createdAt)}</time>
                <span className="price">{money(order.totalCents)}</span>
                <StatusActions id={order.id} status={order.status} />
              </li>
            ))}
          </ul>
        )}
      </PagedList>
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
