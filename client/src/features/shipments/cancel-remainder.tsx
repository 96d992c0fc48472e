/**
 * Once part of a paid order has shipped, an admin may cancel the rest
 * (shipments.cancelRemainder): the units go back on sale and their paid share
 * is written as a refund. It asks first, since it cannot be undone.
 */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { trpc } from '../../api.ts';
import { ErrorNotice } from '../../ui.tsx';
import { orderWrite } from '../admin/order/refresh.ts';
import type { OrderDetail } from '../orders/order-items.tsx';
import { unshippedUnits } from './order-lines.ts';

/** Something shipped and something left: what cancelRemainder needs (the server also asks for a paid order). */
export const hasRemainderToCancel = (order: OrderDetail) =>
  order.status === 'confirmed' &&
  order.items.some((item) => item.shippedQuantity > 0) &&
  order.items.some((item) => unshippedUnits(item) > 0);

export function CancelRemainder({ order }: { order: OrderDetail }) {
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation(
    trpc.shipments.cancelRemainder.mutationOptions({
      ...orderWrite,
      onSuccess: (answer) => {
        orderWrite.onSuccess(answer);
        setConfirming(false);
      },
    }),
  );
  if (!hasRemainderToCancel(order)) return null;
  const units = order.items.reduce((sum, item) => sum + unshippedUnits(item), 0);
  return (
    <div className="status-actions">
      {confirming ? (
        <fieldset className="confirm">
          <legend>Cancel the {units} unshipped units?</legend>
          <p className="hint">They go back on sale, and what was paid for them is written as a refund to send.</p>
          <div className="button-row">
            <button
              type="button"
              className="danger"
              disabled={cancel.isPending}
              onClick={() => cancel.mutate({ orderId: order.id })}
            >
              Yes, cancel the remainder
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </fieldset>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Cancel unshipped remainder
        </button>
      )}
      {cancel.error && <ErrorNotice error={cancel.error} />}
    </div>
  );
}
