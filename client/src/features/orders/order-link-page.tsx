/**
 * A guest's order, opened through its link (no account: the token in the
 * path is the only key). It shows the order, its status and where it goes,
 * lets the guest cancel while it is pending, and offers the link to keep.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { errorReason, trpc } from '../../api.ts';
import { Link } from '../../router.tsx';
import { ErrorNotice, Loading } from '../../ui.tsx';
import { CancelLinkedOrderButton } from './cancel-order.tsx';
import { CardPayment } from './card-payment.tsx';
import { rememberGuestOrder } from './guest-order-links.ts';
import { OrderDetails } from './order-details.tsx';
import { OrderLinkBox } from './order-link-box.tsx';

export function OrderLinkPage({ token, justPlaced }: { token: string; justPlaced: boolean }) {
  const order = useQuery(trpc.orders.byLink.queryOptions({ token }));
  const data = order.data;

  // Whoever opens the link on this device finds the order again under "Your orders".
  useEffect(() => {
    if (data) rememberGuestOrder({ token, orderId: data.id, placedAt: data.createdAt, totalCents: data.totalCents });
  }, [token, data]);

  if (!data) {
    if (order.error && errorReason(order.error) === 'NOT_FOUND') return <LinkNotFound />;
    if (order.error) return <ErrorNotice error={order.error} onRetry={() => void order.refetch()} />;
    return <Loading label="Loading your order…" />;
  }
  return (
    <section aria-labelledby="order-title" className="order-page">
      {justPlaced && (
        <p className="notice success" role="status">
          Thank you! Your order is placed.
        </p>
      )}
      <OrderLinkBox token={token} justPlaced={justPlaced} />
      <CardPayment viewer={{ token }} order={data} />
      <OrderDetails
        order={data}
        byline={`For ${data.customer.email}`}
        actions={<CancelLinkedOrderButton token={token} id={data.id} status={data.status} />}
      />
    </section>
  );
}

function LinkNotFound() {
  return (
    <section aria-labelledby="link-missing-title">
      <h1 id="link-missing-title">Order not found</h1>
      <p>
        No order has this link. Check that it was copied whole, or find your order under{' '}
        <Link to="/orders">Your orders</Link> on the device you placed it from.
      </p>
    </section>
  );
}
