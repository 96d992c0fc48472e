/**
 * What every page of one order shows (the customer's, a guest's link, the
 * admin's): heading, where the order, its payment and its delivery stand,
 * how long its stock is held, the lines and their price, the payment, where
 * it goes, and the status timeline.
 */
import type { ReactNode } from 'react';
import { formatDate } from '../../ui.tsx';
import { type OrderDetail, OrderItems } from './order-items.tsx';
import { FulfilmentBadge, PaymentBadge, StatusBadge, StatusTimeline } from './order-status.tsx';
import { PaymentSummary } from './payment-summary.tsx';
import { PriceBreakdown } from './price-breakdown.tsx';
import { ShipTo } from './ship-to.tsx';
import { statusMeaning } from './status-labels.ts';

type Props = {
  order: OrderDetail;
  /** Who ordered, shown beside the date (the admin's page, a guest's email). */
  byline?: ReactNode;
  /** The next moves (cancel, or an admin's actions), under the statuses. */
  actions?: ReactNode;
  withSku?: boolean;
  timelineTitle?: string;
  /** More about the order below the timeline (the admin's payment history). */
  children?: ReactNode;
  /** The shopper's page says what their order waits for; the admin's has its next steps instead. */
  forShopper?: boolean;
};

/** Until when a pending order's stock is held unpaid, said while it is. */
function HoldNotice({ order }: { order: OrderDetail }) {
  if (order.status !== 'pending' || !order.holdExpiresAt) return null;
  return (
    <p className="notice warning hold">
      The items are held for this order until{' '}
      <time dateTime={order.holdExpiresAt}>{formatDate(order.holdExpiresAt)}</time>. If the payment has not arrived by
      then, the order expires and the items go back on sale.
    </p>
  );
}

export function OrderDetails(props: Props) {
  const { order, byline, actions, withSku = false, timelineTitle = 'Status', children, forShopper = true } = props;
  return (
    <>
      <h1 id="order-title">Order #{order.id}</h1>
      <p>
        {byline && <>{byline} · </>}
        Placed <time dateTime={order.createdAt}>{formatDate(order.createdAt)}</time>
      </p>
      <ul className="order-statuses" aria-label="Where the order stands">
        <li>
          Order <StatusBadge status={order.status} />
        </li>
        {order.payment && (
          <li>
            Payment <PaymentBadge status={order.payment.status} />
          </li>
        )}
        <li>
          Delivery <FulfilmentBadge status={order.fulfilmentStatus} />
        </li>
      </ul>
      {forShopper && <p className="hint">{statusMeaning(order.status, order.payment?.method)}</p>}
      <HoldNotice order={order} />
      {actions}
      <div className="order-columns">
        <div>
          <OrderItems order={order} withSku={withSku} />
          <PriceBreakdown breakdown={order} totalTestId="order-total" />
        </div>
        <div className="order-side">
          <PaymentSummary order={order} />
          <ShipTo order={order} />
        </div>
      </div>
      <h2>{timelineTitle}</h2>
      <StatusTimeline history={order.history} />
      {children}
    </>
  );
}
