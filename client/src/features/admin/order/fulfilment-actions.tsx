/**
 * Delivery, by an admin (orders.updateFulfilment): a confirmed order is
 * marked shipped, then delivered, as the shared fulfilment map allows. A
 * delivered order completes once its payment is in (at once when it already
 * is; for cash on delivery, when the cash is recorded).
 */
import { useMutation } from '@tanstack/react-query';
import { FULFILMENT_TRANSITIONS } from '../../../../../src/shared/fulfilment-status.ts';
import { PAID_STATUSES, type PaymentStatus } from '../../../../../src/shared/payment-status.ts';
import { trpc } from '../../../api.ts';
import { ErrorNotice } from '../../../ui.tsx';
import type { OrderDetail } from '../../orders/order-items.tsx';
import { orderWrite } from './refresh.ts';

const VERBS = { shipped: 'Mark shipped', delivered: 'Mark delivered' } as const;

/** The delivery moves open to the order: only a confirmed order ships, as far as the map allows. */
export function fulfilmentMoves(
  order: Pick<OrderDetail, 'status' | 'fulfilmentStatus'>,
): ReadonlyArray<keyof typeof VERBS> {
  return order.status === 'confirmed' ? FULFILMENT_TRANSITIONS[order.fulfilmentStatus] : [];
}

export function FulfilmentActions({ order }: { order: OrderDetail }) {
  const update = useMutation(trpc.orders.updateFulfilment.mutationOptions(orderWrite));
  const next = fulfilmentMoves(order);
  if (next.length === 0) return null;
  const paid = order.payment !== null && (PAID_STATUSES as readonly PaymentStatus[]).includes(order.payment.status);
  return (
    <div className="status-actions">
      <div className="button-row">
        {next.map((to) => (
          <button
            key={to}
            type="button"
            disabled={update.isPending}
            aria-label={`${VERBS[to]}: order #${order.id}`}
            onClick={() => update.mutate({ id: order.id, status: to })}
          >
            {VERBS[to]}
          </button>
        ))}
      </div>
      {next.includes('delivered') && !paid && (
        <p className="hint">Not paid yet: once delivered, it completes when its payment is recorded.</p>
      )}
      {update.error && <ErrorNotice error={update.error} />}
    </div>
  );
}
