/**
 * "Your recent orders" for a guest: the orders this device placed or opened
 * without an account (guest-order-links.ts), each with its current status
 * (the status reads are batched into one request) and a way to forget it on
 * a shared computer.
 */
import { useQuery } from '@tanstack/react-query';
import { describeError, errorReason, trpc } from '../../api.ts';
import { Link } from '../../router.tsx';
import { useMoney } from '../../store-settings.tsx';
import { Empty, formatDate } from '../../ui.tsx';
import { forgetGuestOrder, type GuestOrderLink, orderLinkPath, useGuestOrderLinks } from './guest-order-links.ts';
import { StatusBadge } from './order-status.tsx';

function LinkStatus({ token }: { token: string }) {
  const order = useQuery(trpc.orders.byLink.queryOptions({ token }));
  if (order.data) return <StatusBadge status={order.data.status} />;
  if (order.error) {
    const problem = errorReason(order.error) === 'NOT_FOUND' ? 'Link no longer works' : describeError(order.error);
    return <span className="field-error">{problem}</span>;
  }
  return <span className="hint">Checking…</span>;
}

function GuestOrderRow({ link }: { link: GuestOrderLink }) {
  const money = useMoney();
  return (
    <li className="card order-row">
      <Link to={orderLinkPath(link.token)}>Order #{link.orderId}</Link>
      <time dateTime={link.placedAt}>{formatDate(link.placedAt)}</time>
      <LinkStatus token={link.token} />
      <span className="price">{money(link.totalCents)}</span>
      <button
        type="button"
        className="link-button"
        onClick={() => forgetGuestOrder(link.token)}
        aria-label={`Forget order #${link.orderId} on this device`}
      >
        Forget on this device
      </button>
    </li>
  );
}

/** The device's guest orders, or nothing when it has none. */
export function GuestOrderList({ links }: { links: GuestOrderLink[] }) {
  return (
    <ul className="order-list" aria-label="Orders placed without an account">
      {links.map((link) => (
        <GuestOrderRow key={link.token} link={link} />
      ))}
    </ul>
  );
}

export function GuestOrdersPage() {
  const links = useGuestOrderLinks();
  return (
    <section aria-labelledby="guest-orders-title">
      <h1 id="guest-orders-title">Your recent orders</h1>
      <p className="hint">
        Orders placed on this device without an account. Each has its own link: bookmark it to see the order from
        anywhere. Have an account? <Link to="/signin?next=%2Forders">Sign in</Link> to see its orders.
      </p>
      {links.length === 0 ? (
        <Empty>
          No orders placed on this device yet. <Link to="/">Browse the shop</Link>
        </Empty>
      ) : (
        <GuestOrderList links={links} />
      )}
    </section>
  );
}
