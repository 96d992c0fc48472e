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

export type RecordPaymentInput = z.infer<typeof recordPaymentInput>;
export type RefundInput = z.infer<typeof refundInput>;
export type CompleteRefundInput = z.infer<typeof completeRefundInput>;
