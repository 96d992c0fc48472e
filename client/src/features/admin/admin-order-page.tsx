/** One order for an admin: customer, lines, full history, and the next moves. */
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../../api.ts';
import { Link } from '../../router.tsx';
import { formatDate, QueryView } from '../../ui.tsx';
import { OrderItems } from '../orders/order-items.tsx';
import { StatusBadge, StatusTimeline } from '../orders/order-status.tsx';
import { StatusActions } from './status-actions.tsx';

export function AdminOrderPage({ id }: { id: number }) {
  const order = useQuery(trpc.orders.get.queryOptions({ id }));
  return (
    <QueryView query={order} loading="Loading the order…">
      {(data) => (
        <section aria-labelledby="order-title" className="order-page">
          <p>
            <Link to="/admin/orders">All orders</Link>
          </p>
          <h1 id="order-title">Order #{data.id}</h1>
          <p>
            {data.customer.name} ({data.customer.email}) · placed{' '}
            <time dateTime={data.createdAt}>{formatDate(data.createdAt)}</time> · <StatusBadge status={data.status} />
          </p>
          <StatusActions id={data.id} status={data.status} withNote />
          <OrderItems order={data} withSku />
          <h2>History</h2>
          <StatusTimeline history={data.history} />
        </section>
      )}
    </QueryView>
  );
}
