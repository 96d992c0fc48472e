/**
 * A refund written but not yet sent (cancelling a paid order writes one for
 * the money received): once the admin has sent the money, they mark it sent
 * with the transfer's reference (payments.completeRefund).
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { serverFieldErrors, trpc } from '../../../api.ts';
import { ErrorNotice, Field, formatDate, formValues } from '../../../ui.tsx';
import type { OrderDetail } from '../../orders/order-items.tsx';
import { paymentProblem } from './payment-problem.ts';
import { orderWrite } from './refresh.ts';

type Refund = NonNullable<OrderDetail['payment']>['refunds'][number];

export function CompleteRefundForm({ refund, money }: { refund: Refund; money: (cents: number) => string }) {
  const [error, setError] = useState<string | null>(null);
  const complete = useMutation(trpc.payments.completeRefund.mutationOptions(orderWrite));
  const titleId = useId();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reference = formValues(event.currentTarget).reference?.trim() ?? '';
    setError(reference ? null : 'Give the reference of the transfer that sent the money back');
    if (reference) complete.mutate({ refundId: refund.id, reference });
  };
  const fieldError = error ?? serverFieldErrors(complete.error).reference;
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby={titleId}>
      <h3 id={titleId}>Refund of {money(refund.amountCents)} to send</h3>
      <p className="hint">
        Written <time dateTime={refund.createdAt}>{formatDate(refund.createdAt)}</time>: {refund.reason}. Send the
        money, then mark the refund sent.
      </p>
      <Field label="Refund reference" name="reference" error={fieldError} />
      {complete.error && !fieldError && (
        <ErrorNotice error={complete.error} message={paymentProblem(complete.error, money)} />
      )}
      <button type="submit" disabled={complete.isPending}>
        Mark refund sent
      </button>
    </form>
  );
}
