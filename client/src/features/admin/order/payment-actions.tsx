/**
 * The manual provider's admin side, on the order's page: record the money
 * received (bank transfer, cash on delivery: once, for exactly the order's
 * total, which the amount starts at), record a refund sent, and mark a
 * pending refund (written by cancelling a paid order) as sent. Each answers
 * the order, shown at once; a refusal says why in the admin's currency.
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { NOTE_MAX_LENGTH } from '../../../../../src/shared/limits.ts';
import type { PaymentStatus } from '../../../../../src/shared/payment-status.ts';
import { serverFieldErrors, trpc } from '../../../api.ts';
import { amountText, currencySymbol, formatMoney, parseAmount } from '../../../money.ts';
import { ErrorNotice, Field, type FieldErrors, formValues } from '../../../ui.tsx';
import type { OrderDetail } from '../../orders/order-items.tsx';
import { PAYMENT_METHOD_LABELS } from '../../orders/status-labels.ts';
import { CompleteRefundForm } from './complete-refund-form.tsx';
import { paymentProblem } from './payment-problem.ts';
import { orderWrite } from './refresh.ts';

type Payment = NonNullable<OrderDetail['payment']>;
type Money = (cents: number) => string;

/** Payments still waiting for money: what payments.record may capture. */
const AWAITING: readonly PaymentStatus[] = ['pending', 'failed', 'expired'];
const REFUNDABLE: readonly PaymentStatus[] = ['captured', 'partially_refunded'];

const amountError = 'Enter an amount, e.g. 19.99';

function RecordPaymentForm({ order, payment, money }: { order: OrderDetail; payment: Payment; money: Money }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const record = useMutation(trpc.payments.record.mutationOptions(orderWrite));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = formValues(event.currentTarget);
    const amountCents = parseAmount(values.amount ?? '');
    const reference = values.reference?.trim() ?? '';
    const found: FieldErrors = {};
    if (Number.isNaN(amountCents)) found.amountCents = amountError;
    if (!reference) found.reference = 'Give the payment’s reference, e.g. the bank transfer’s, or “cash”';
    setErrors(found);
    if (Object.keys(found).length === 0) record.mutate({ orderId: order.id, amountCents, reference });
  };
  const shown = { ...serverFieldErrors(record.error), ...errors };
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="record-payment-title">
      <h3 id="record-payment-title">Record a payment</h3>
      <p className="hint">
        Money received by {PAYMENT_METHOD_LABELS[payment.method].toLowerCase()}: once, and for the whole total.
        {payment.status === 'expired' &&
          ' The hold has expired: the order is confirmed again only if every item is still in stock.'}
      </p>
      <Field
        label={`Amount received (${currencySymbol(order.currency)})`}
        name="amount"
        inputMode="decimal"
        defaultValue={amountText(order.totalCents)}
        error={shown.amountCents}
      />
      <Field label="Payment reference" name="reference" error={shown.reference} />
      {record.error && !Object.keys(shown).length && (
        <ErrorNotice error={record.error} message={paymentProblem(record.error, money)} />
      )}
      <button type="submit" className="primary" disabled={record.isPending}>
        Record payment
      </button>
    </form>
  );
}

function RefundForm({ order, refundable, money }: { order: OrderDetail; refundable: number; money: Money }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const refund = useMutation(trpc.payments.refund.mutationOptions(orderWrite));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const values = formValues(form);
    const amountCents = parseAmount(values.amount ?? '');
    const reason = values.reason?.trim() ?? '';
    const found: FieldErrors = {};
    if (Number.isNaN(amountCents) || amountCents < 1) found.amountCents = amountError;
    if (!reason) found.reason = 'Say why the money goes back';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const reference = values.reference?.trim() || undefined;
    refund.mutate({ orderId: order.id, amountCents, reason, reference }, { onSuccess: () => form.reset() });
  };
  const shown = { ...serverFieldErrors(refund.error), ...errors };
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="refund-title">
      <h3 id="refund-title">Refund</h3>
      <p className="hint">Money you have sent back. Up to {money(refundable)} is left to refund.</p>
      <Field
        label={`Amount refunded (${currencySymbol(order.currency)})`}
        name="amount"
        inputMode="decimal"
        error={shown.amountCents}
      />
      <Field label="Reason" name="reason" maxLength={NOTE_MAX_LENGTH} error={shown.reason} />
      <Field label="Reference (optional)" name="reference" error={shown.reference} />
      {refund.error && !Object.keys(shown).length && (
        <ErrorNotice error={refund.error} message={paymentProblem(refund.error, money)} />
      )}
      <button type="submit" disabled={refund.isPending}>
        Record refund
      </button>
    </form>
  );
}

/** What an admin can do with the order's money now; nothing for a card payment, which its provider moves. */
export function paymentMoves(order: OrderDetail) {
  const { payment } = order;
  if (payment?.provider !== 'manual') return null;
  const refundable = payment.capturedCents - payment.refundedCents - payment.refundPendingCents;
  const canRecord = AWAITING.includes(payment.status) && order.status !== 'cancelled';
  const canRefund = REFUNDABLE.includes(payment.status) && refundable > 0;
  const pending = payment.refunds.filter((refund) => refund.status === 'pending');
  if (!canRecord && !canRefund && pending.length === 0) return null;
  return { payment, refundable, canRecord, canRefund, pending };
}

export function PaymentActions({ order }: { order: OrderDetail }) {
  const moves = paymentMoves(order);
  if (!moves) return null;
  const { payment, refundable, canRecord, canRefund, pending } = moves;
  const money = (cents: number) => formatMoney(cents, order.currency);
  return (
    <div className="payment-actions">
      {canRecord && <RecordPaymentForm order={order} payment={payment} money={money} />}
      {pending.map((refund) => (
        <CompleteRefundForm key={refund.id} refund={refund} money={money} />
      ))}
      {canRefund && <RefundForm order={order} refundable={refundable} money={money} />}
    </div>
  );
}
