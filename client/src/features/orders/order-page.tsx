/** One of the customer's orders: its lines, its status timeline, and a cancel button while pending. */
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../../api.ts';
import { Link } from '../../router.tsx';
import { formatDate, QueryView } from '../../ui.tsx';
import { CancelOrderButton } from './cancel-order.tsx';
import { OrderItems } from './order-items.tsx';
import { StatusBadge, StatusTimeline } from './order-status.tsx';

export function OrderPage({ id, justPlaced }: { id: number; justPlaced: boolean }) {
  const order = useQuery(trpc.orders.get.queryOptions({ id }));

  return (
    <QueryView query={order} loading="Loading the order…">
      {(data) => (
        <section aria-labelledby="order-title" className="order-page">
          {justPlaced && (
            <p className="notice success" role="status">
              Thank you! Your order is placed.
            </p>
          )}
          <p>
            <Link to="/orders">All my orders</Link>
          </p>
          <h1 id="order-title">Order #{data.id}</h1>
          <p>
            Placed <time dateTime={data.createdAt}>{formatDate(data.createdAt)}</time> ·{' '}
            <StatusBadge status={data.status} />
          </p>
          <OrderItems order={data} />
          <h2>Status</h2>
          <StatusTimeline history={data.history} />
          <CancelOrderButton id={data.id} status={data.status} />
        </section>
      )}
    </QueryView>
  );
}
