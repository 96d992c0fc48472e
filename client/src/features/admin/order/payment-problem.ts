/**
 * A payment write's refusal in the admin's words: the server's messages count
 * in cents, so the two refusals that name amounts are said again from their
 * details, in the order's currency. Anything else is the server's message.
 */
import type { PaymentStatus } from '../../../../../src/shared/payment-status.ts';
import { describeError, errorDetail, errorDetailNumber, errorReason } from '../../../api.ts';
import { PAYMENT_STATUS_LABELS } from '../../orders/status-labels.ts';

/** A payment refusal in the admin's words: the server's details, in money rather than cents. */
export function paymentProblem(error: unknown, money: (cents: number) => string): string {
  const reason = errorReason(error);
  const refundable = errorDetailNumber(error, 'refundableCents');
  if (reason === 'REFUND_TOO_LARGE' && refundable !== undefined) {
    return `Refund refused: at most ${money(refundable)} is left to refund.`;
  }
  const status = errorDetail(error, 'status');
  const amount = errorDetailNumber(error, 'amountCents');
  if (
    reason === 'PAYMENT_STATE_CHANGED' &&
    amount !== undefined &&
    typeof status === 'string' &&
    status in PAYMENT_STATUS_LABELS
  ) {
    const label = PAYMENT_STATUS_LABELS[status as PaymentStatus].toLowerCase();
    return `Not recorded: a payment is recorded once, for exactly the order's total of ${money(amount)}. This one is ${label} now.`;
  }
  return describeError(error);
}
