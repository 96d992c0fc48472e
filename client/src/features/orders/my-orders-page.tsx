/**
 * The signed-in customer's orders, newest first; below them, any orders this
 * device placed without an account (they belong to no account, so only their
 * links lead to them).
 */
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { DEFAULT_PAGE_SIZE } from '../../../../src/shared/limits.ts';
import { trpc } from '../../api.ts';
import { afterLastCursor, PagedList, usePagedQuery } from '../../paged-list.tsx';
import { Link } from '../../router.tsx';
import { useMoney } from '../../store-settings.tsx';
import { formatDate, QueryView } from '../../ui.tsx';
import { formatOptions } from '../catalog/variant-options.ts';
import { CancelOrderButton } from './cancel-order.tsx';
import { useGuestOrderLinks } from './guest-order-links.ts';
import { GuestOrderList } from './guest-orders.tsx';
import type { OrderDetail } from './order-items.tsx';
import { StatusBadge, StatusTimeline } from './order-status.tsx';

type OrderPart = { id: number; loading: string; render: (order: OrderDetail) => ReactNode };

/**
 * A part of one order that the list does not carry (its lines, its timeline),
 * fetched only when opened, so the list stays one request; both parts share
 * the one cached `orders.get`.
 */
function OrderDisclosure({ summary, ...part }: OrderPart & { summary: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="order-disclosure" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{summary}</summary>
      {open && <LoadedOrder {...part} />}
    </details>
  );
}

function LoadedOrder({ id, loading, render }: OrderPart) {
  const order = useQuery(trpc.orders.get.queryOptions({ id }));
  return (
    <QueryView query={order} loading={loading}>
      {render}
    </QueryView>
  );
}

/** Each line as bought: "Classic Cotton Tee · Size: M × 2". */
function LineSummary({ order }: { order: OrderDetail }) {
  return (
    <ul className="line-summary" aria-label={`Items in order #${order.id}`}>
      {order.items.map((item) => (
        <li key={item.variantId}>
          {item.name}
          {Object.keys(item.options).length > 0 && ` · ${formatOptions(item.options)}`} × {item.quantity}
        </li>
      ))}
    </ul>
  );
}

export function MyOrdersPage() {
  const money = useMoney();
  const guestLinks = useGuestOrderLinks();
  const orders = usePagedQuery(
    trpc.orders.mine.infiniteQueryOptions({ limit: DEFAULT_PAGE_SIZE }, { getNextPageParam: afterLastCursor }),
  );
  return (
    <section aria-labelledby="orders-title">
      <h1 id="orders-title">My orders</h1>
      <PagedList
        paged={orders}
        loading="Loading your orders…"
        empty={
          <>
            You have no orders yet. <Link to="/">Browse the shop</Link>
          </>
        }
        more="Load more orders"
      >
        {(items) => (
          <ul className="order-list">
            {items.map((order) => (
              <li key={order.id} className="card order-row">
                <Link to={`/orders/${order.id}`}>Order #{order.id}</Link>
                <time dateTime={order.createdAt}>{formatDate(order.createdAt)}</time>
                <StatusBadge status={order.status} />
                <span className="price">{money(order.totalCents)}</span>
                <CancelOrderButton id={order.id} status={order.status} />
                <OrderDisclosure
                  id={order.id}
                  summary="Items"
                  loading="Loading the items…"
                  render={(detail) => <LineSummary order={detail} />}
                />
                <OrderDisclosure
                  id={order.id}
                  summary="Status timeline"
                  loading="Loading the timeline…"
                  render={(detail) => <StatusTimeline history={detail.history} />}
                />
              </li>
            ))}
          </ul>
        )}
      </PagedList>
      {guestLinks.length > 0 && (
        <section aria-labelledby="device-orders-title" className="device-orders">
          <h2 id="device-orders-title">Placed on this device without signing in</h2>
          <GuestOrderList links={guestLinks} />
        </section>
      )}
    </section>
  );
}
