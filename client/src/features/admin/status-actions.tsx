/**
 * The order-level moves an admin makes by hand (orders.updateStatus):
 * accepting a pending order unpaid (cash on delivery, or a trusted customer)
 * and cancelling one. Payment confirms the others, delivery of a paid order
 * completes it, and the clock expires it, so those are not buttons.
 * `expectedStatus` makes the server refuse a move if someone else changed the
 * order first; a cancellation asks first, since it gives the stock back and
 * writes a refund of any money received.
 */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { CANCELLABLE_STATUSES, type OrderStatus } from '../../../../src/shared/order-status.ts';
import { trpc } from '../../api.ts';
import { ErrorNotice } from '../../ui.tsx';
import { orderWrite } from './order/refresh.ts';

type Props = {
  id: number;
  status: OrderStatus;
  /** A note for the history row, typed on the order's page. */
  note?: string;
  onDone?: () => void;
};

/**
 * Accepting unpaid is offered for pending orders only: an expired order gave
 * its stock back, and only a payment takes it again (payments.record).
 */
const canAccept = (status: OrderStatus) => status === 'pending';
const canCancel = (status: OrderStatus) => (CANCELLABLE_STATUSES as readonly OrderStatus[]).includes(status);

/** Whether an admin can move an order in this status by hand. */
export const hasStatusMoves = (status: OrderStatus) => canAccept(status) || canCancel(status);

export function StatusActions({ id, status, note, onDone }: Props) {
  const [confirming, setConfirming] = useState(false);
  const update = useMutation(
    trpc.orders.updateStatus.mutationOptions({
      ...orderWrite,
      onSuccess: (order) => {
        orderWrite.onSuccess(order);
        setConfirming(false);
        onDone?.();
      },
    }),
  );
  if (!hasStatusMoves(status)) return null;
  const move = (to: 'confirmed' | 'cancelled') =>
    update.mutate({ id, status: to, expectedStatus: status, note: note?.trim() || undefined });

  return (
    <div className="status-actions">
      {confirming ? (
        <fieldset className="confirm">
          <legend>Cancel order #{id}?</legend>
          <p className="hint">Its items go back on sale; money already received is written as a refund to send.</p>
          <div className="button-row">
            <button type="button" className="danger" disabled={update.isPending} onClick={() => move('cancelled')}>
              Yes, cancel order #{id}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </fieldset>
      ) : (
        <div className="button-row">
          {canAccept(status) && (
            <button
              type="button"
              disabled={update.isPending}
              aria-label={`Accept order #${id} unpaid`}
              onClick={() => move('confirmed')}
            >
              Accept unpaid
            </button>
          )}
          {canCancel(status) && (
            <button
              type="button"
              className="danger"
              disabled={update.isPending}
              aria-label={`Cancel order #${id}`}
              onClick={() => setConfirming(true)}
            >
              Cancel
            </button>
          )}
        </div>
      )}
      {update.error && <ErrorNotice error={update.error} />}
    </div>
  );
}
