/**
 * An admin ships units of a confirmed order (shipments.create): per line, how
 * many of the units still to send go in this parcel (all of them to start
 * with), and the carrier and tracking number. A line may ship in several
 * parcels; the server refuses more than remains (QUANTITY_EXCEEDS_REMAINING),
 * also when another admin shipped the same units first.
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { CARRIER_MAX_LENGTH, TRACKING_NUMBER_MAX_LENGTH } from '../../../../src/shared/limits.ts';
import { PAID_STATUSES, type PaymentStatus } from '../../../../src/shared/payment-status.ts';
import { serverFieldErrors, trpc } from '../../api.ts';
import { ErrorNotice, Field, type FieldErrors, formValues } from '../../ui.tsx';
import { orderWrite } from '../admin/order/refresh.ts';
import type { OrderDetail } from '../orders/order-items.tsx';
import { lineName, unitsByLine, unshippedUnits } from './order-lines.ts';

const UNITS = 'units-';

export function ShipForm({ order }: { order: OrderDetail }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation(trpc.shipments.create.mutationOptions(orderWrite));
  const lines = order.items.filter((item) => unshippedUnits(item) > 0);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const values = formValues(form);
    const items = unitsByLine(values, UNITS);
    const carrier = values.carrier?.trim() ?? '';
    const trackingNumber = values.trackingNumber?.trim() ?? '';
    const found: FieldErrors = {};
    for (const line of lines) {
      const typed = values[`${UNITS}${line.variantId}`] ?? '';
      const units = Number(typed);
      if (!/^\d+$/.test(typed.trim()) || units > unshippedUnits(line)) {
        found[`${UNITS}${line.variantId}`] = `Enter 0 to ${unshippedUnits(line)}`;
      }
    }
    if (items.length === 0 && Object.keys(found).length === 0) found.items = 'Ship at least one unit';
    if (!carrier) found.carrier = 'Name the carrier, e.g. DHL';
    if (!trackingNumber) found.trackingNumber = 'Give the parcel’s tracking number';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    create.mutate({ orderId: order.id, carrier, trackingNumber, items }, { onSuccess: () => form.reset() });
  };
  const shown = { ...serverFieldErrors(create.error), ...errors };
  const paid = order.payment !== null && (PAID_STATUSES as readonly PaymentStatus[]).includes(order.payment.status);
  return (
    <form className="form ship-form" onSubmit={submit} noValidate aria-labelledby="ship-title">
      <h3 id="ship-title">Ship</h3>
      <p className="hint">
        Units to put in this parcel, per line.
        {!paid && ' Not paid yet: once delivered, it completes when its payment is recorded.'}
      </p>
      {lines.map((line) => (
        <Field
          key={`${line.variantId}-${unshippedUnits(line)}`}
          label={`${lineName(order, line.variantId)}: units to ship`}
          hint={`${unshippedUnits(line)} of ${line.quantity} still to ship`}
          name={`${UNITS}${line.variantId}`}
          type="number"
          min={0}
          max={unshippedUnits(line)}
          defaultValue={unshippedUnits(line)}
          error={shown[`${UNITS}${line.variantId}`]}
        />
      ))}
      {shown.items && <p className="field-error">{shown.items}</p>}
      <Field label="Carrier" name="carrier" maxLength={CARRIER_MAX_LENGTH} error={shown.carrier} />
      <Field
        label="Tracking number"
        name="trackingNumber"
        maxLength={TRACKING_NUMBER_MAX_LENGTH}
        error={shown.trackingNumber}
      />
      {create.error && !Object.keys(shown).length && <ErrorNotice error={create.error} />}
      <button type="submit" className="primary" disabled={create.isPending}>
        Ship
      </button>
    </form>
  );
}
