/** One order for an admin: customer (or guest), where it goes, lines with SKUs, full history, and the next moves. */
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../../api.ts';
import { Link } from '../../router.tsx';
import { QueryView } from '../../ui.tsx';
import { OrderDetails } from '../orders/order-details.tsx';
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
          <OrderDetails
            order={data}
            byline={`${data.customer.name} (${data.customer.email}${data.customer.id === null ? ', guest' : ''})`}
            actions={<StatusActions id={data.id} status={data.status} withNote />}
            withSku
            timelineTitle="History"
          />
        </section>
      )}
    </QueryView>
  );
}
