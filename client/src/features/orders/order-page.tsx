/** One of the customer's orders: its lines, its status timeline, and a cancel button while pending. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { CUSTOMER_CANCELLABLE_STATUSES, type OrderStatus } from '../../../../src/shared/order-status.ts';
import { queryClient, trpc } from '../../api.ts';
import { Link } from '../../router.tsx';
import { ErrorNotice, formatDate, QueryView } from '../../ui.tsx';
import { OrderItems } from './order-items.tsx';
import { StatusBadge, StatusTimeline } from './order-status.tsx';

const canCancel = (status: OrderStatus) => (CUSTOMER_CANCELLABLE_STATUSES as readonly OrderStatus[]).includes(status);

export function OrderPage({ id, justPlaced }: { id: number; justPlaced: boolean }) {
  const order = useQuery(trpc.orders.get.queryOptions({ id }));
  const cancel = useMutation(
    trpc.orders.cancel.mutationOptions({
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.orders.pathFilter());
        void queryClient.invalidateQueries(trpc.catalog.pathFilter());
      },
    }),
  );

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
          {canCancel(data.status) && (
            <button
              type="button"
              className="danger"
              onClick={() => cancel.mutate({ id: data.id })}
              disabled={cancel.isPending}
            >
              Cancel order
            </button>
          )}
          {cancel.error && <ErrorNotice error={cancel.error} />}
        </section>
      )}
    </QueryView>
  );
}
