/**
 * One of the customer's orders: its lines, where it goes, its status timeline,
 * a cancel button while pending, its shipments and returns.
 */
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../../api.ts';
import { Link } from '../../router.tsx';
import { QueryView } from '../../ui.tsx';
import { CustomerDelivery } from '../returns/customer-returns.tsx';
import { CancelOrderButton } from './cancel-order.tsx';
import { CardPayment } from './card-payment.tsx';
import { OrderDetails } from './order-details.tsx';

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
          <CardPayment viewer={{ orderId: data.id }} order={data} />
          <OrderDetails order={data} actions={<CancelOrderButton id={data.id} status={data.status} />}>
            <CustomerDelivery order={data} />
          </OrderDetails>
        </section>
      )}
    </QueryView>
  );
}
