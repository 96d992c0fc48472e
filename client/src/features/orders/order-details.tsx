/** What every page of one order shows (the customer's, a guest's link, the admin's): heading, status, ship-to, lines, timeline. */
import type { ReactNode } from 'react';
import { formatDate } from '../../ui.tsx';
import { type OrderDetail, OrderItems } from './order-items.tsx';
import { StatusBadge, StatusTimeline } from './order-status.tsx';
import { ShipTo } from './ship-to.tsx';

type Props = {
  order: OrderDetail;
  /** Who ordered, shown beside the date (the admin's page, a guest's email). */
  byline?: ReactNode;
  /** The next moves (cancel, or an admin's status actions), under the status. */
  actions?: ReactNode;
  withSku?: boolean;
  timelineTitle?: string;
};

export function OrderDetails({ order, byline, actions, withSku = false, timelineTitle = 'Status' }: Props) {
  return (
    <>
      <h1 id="order-title">Order #{order.id}</h1>
      <p>
        {byline && <>{byline} · </>}
        Placed <time dateTime={order.createdAt}>{formatDate(order.createdAt)}</time> ·{' '}
        <StatusBadge status={order.status} />
      </p>
      {actions}
      <div className="order-columns">
        <OrderItems order={order} withSku={withSku} />
        <ShipTo order={order} />
      </div>
      <h2>{timelineTitle}</h2>
      <StatusTimeline history={order.history} />
    </>
  );
}
