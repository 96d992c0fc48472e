/**
 * A customer asks to return delivered units of their paid order
 * (returns.request): per delivered line, up to the units delivered and not
 * already held by a return, and a reason. The server refuses past the return
 * window (RETURN_WINDOW_CLOSED) or beyond what was delivered, in its own words.
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { PAID_STATUSES, type PaymentStatus } from '../../../../src/shared/payment-status.ts';
import { MAX_RETURN_REASON_LENGTH } from '../../../../src/shared/return-status.ts';
import { queryClient, serverFieldErrors, trpc } from '../../api.ts';
import { ErrorNotice, Field, type FieldErrors, formValues } from '../../ui.tsx';
import type { OrderDetail } from '../orders/order-items.tsx';
import { lineName, type OrderLine, unitsByLine } from '../shipments/order-lines.ts';

const UNITS = 'return-';

/** Delivered units of the line that no return holds yet. */
export const returnableUnits = (line: OrderLine) => line.deliveredQuantity - line.returnedQuantity;

const paid = (order: OrderDetail) =>
  order.payment !== null && (PAID_STATUSES as readonly PaymentStatus[]).includes(order.payment.status);

export function RequestReturnForm({ order }: { order: OrderDetail }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const request = useMutation(
    trpc.returns.request.mutationOptions({
      onSuccess: (answer) => queryClient.setQueryData(trpc.orders.get.queryKey({ id: answer.id }), answer),
      onSettled: () => void queryClient.invalidateQueries(trpc.orders.pathFilter()),
    }),
  );
  const lines = order.items.filter((item) => returnableUnits(item) > 0);
  if (lines.length === 0 || !paid(order)) return null;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const values = formValues(form);
    const items = unitsByLine(values, UNITS);
    const reason = values.reason?.trim() ?? '';
    const found: FieldErrors = {};
    for (const line of lines) {
      const typed = (values[`${UNITS}${line.variantId}`] ?? '').trim();
      if (!/^\d+$/.test(typed) || Number(typed) > returnableUnits(line)) {
        found[`${UNITS}${line.variantId}`] = `Enter 0 to ${returnableUnits(line)}`;
      }
    }
    if (items.length === 0 && Object.keys(found).length === 0) found.items = 'Choose at least one item to return';
    if (!reason) found.reason = 'Tell the shop why you are returning it';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    request.mutate({ orderId: order.id, reason, items }, { onSuccess: () => form.reset() });
  };
  const shown = { ...serverFieldErrors(request.error), ...errors };
  return (
    <form className="form return-form" onSubmit={submit} noValidate aria-labelledby="request-return-title">
      <h2 id="request-return-title">Request a return</h2>
      <p className="hint">
        How many of each delivered item you are sending back. You are refunded once the shop has them.
      </p>
      {lines.map((line) => (
        <Field
          key={`${line.variantId}-${returnableUnits(line)}`}
          label={`${lineName(order, line.variantId)}: units to return`}
          hint={`Up to ${returnableUnits(line)}`}
          name={`${UNITS}${line.variantId}`}
          type="number"
          min={0}
          max={returnableUnits(line)}
          defaultValue={0}
          error={shown[`${UNITS}${line.variantId}`]}
        />
      ))}
      {shown.items && <p className="field-error">{shown.items}</p>}
      <Field label="Reason" name="reason" maxLength={MAX_RETURN_REASON_LENGTH} error={shown.reason} />
      {request.error && !Object.keys(shown).length && <ErrorNotice error={request.error} />}
      <button type="submit" disabled={request.isPending}>
        Request return
      </button>
    </form>
  );
}
