import { z } from 'zod';
import { centsSchema, idSchema as id } from '../../shared/fields.ts';
import { NOTE_MAX_LENGTH } from '../../shared/limits.ts';

const reference = z.string().trim().min(1, 'Give the payment’s reference (e.g. the bank transfer’s)').max(120);

/** An admin records money received by the manual provider: the whole order total, and where it came from. */
export const recordPaymentInput = z.object({ orderId: id, amountCents: centsSchema, reference });

/** An admin pays money back (manual provider: already sent, so it is recorded as done). */
export const refundInput = z.object({
  orderId: id,
  amountCents: centsSchema.min(1, 'A refund is at least 1 cent'),
  reason: z.string().trim().min(1, 'Say why').max(NOTE_MAX_LENGTH),
  reference: reference.optional(),
});

/** A pending refund (from a cancellation) that an admin has now sent. */
export const completeRefundInput = z.object({ refundId: id, reference });

/** A pending card order's payment page: the customer's (or admin's) by order id, a guest's by their order link. */
export const cardSessionInput = z.union([
  z.object({ orderId: id }).strict(),
  z.object({ token: z.string().min(1).max(100) }).strict(),
]);

/** The shopper back from Stripe's page, with the `session_id` it appended to the order page's URL. */
export const confirmReturnInput = z.object({
  sessionId: z.string().regex(/^cs_[A-Za-z0-9_]{1,250}$/, 'A Stripe Checkout Session id (cs_…)'),
});

export type RecordPaymentInput = z.infer<typeof recordPaymentInput>;
export type RefundInput = z.infer<typeof refundInput>;
export type CompleteRefundInput = z.infer<typeof completeRefundInput>;
