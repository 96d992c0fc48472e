/**
 * The manual provider's admin side: record a payment received (bank
 * transfer, cash on delivery), record a refund sent, confirm a pending
 * refund as sent. Each is one audited batch; see payment-batches.ts for what
 * the order does when its money moves.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { isRevokedAdmin } from '../../db/admin-check.ts';
import type { Actor } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import { constraintViolation, isViolationOf } from '../../db/errors.ts';
import { NOW, paymentStatusHistory, payments, refunds } from '../../db/schema.ts';
import { DomainError, notFound } from '../domain-error.ts';
import { orderWriteBatch } from '../orders/order-write.ts';
import { captureStatements } from './payment-batches.ts';
import type { CompleteRefundInput, RecordPaymentInput, RefundInput } from './payments.schema.ts';

/** Runs an admin payment batch (audit row first, the order's detail last) and answers the order. */
function run(
  db: Db,
  actor: Actor,
  entry: { action: string; target: string },
  orderId: number | SQL,
  statements: BatchItem<'sqlite'>[],
) {
  const [what = 'order', id = ''] = entry.target.split(':');
  return orderWriteBatch(db, { actor, entry }, orderId, statements, () => notFound(what, id));
}

/** After a refused payment batch: one read to say which rule refused it. */
async function explain(db: Db, orderId: number, error: unknown): Promise<never> {
  if (!constraintViolation(error) || isRevokedAdmin(error)) throw error;
  const [payment] = await db
    .select({
      provider: payments.provider,
      status: payments.status,
      amountCents: payments.amountCents,
      capturedCents: payments.capturedCents,
      reserved: payments.refundReservedCents,
    })
    .from(payments)
    .where(sql`${payments.orderId} = ${orderId}`);
  if (!payment) throw notFound('order', orderId);
  if (isViolationOf(error, 'check', 'variants_stock_non_negative')) {
    throw new DomainError('INSUFFICIENT_STOCK', 'The order’s stock is gone; it cannot be confirmed');
  }
  if (isViolationOf(error, 'check', 'payments_amounts_valid')) {
    throw new DomainError(
      'REFUND_TOO_LARGE',
      `At most ${payment.capturedCents - payment.reserved} cents are left to refund`,
      {
        refundableCents: payment.capturedCents - payment.reserved,
      },
    );
  }
  if (payment.provider === 'stripe' && payment.status === 'pending') {
    throw new DomainError(
      'PAYMENT_PROVIDER_MISMATCH',
      'This order is paid by card: Stripe reports its payment, it is not recorded by hand',
      { provider: payment.provider },
    );
  }
  throw new DomainError(
    'PAYMENT_STATE_CHANGED',
    `The payment is ${payment.status} for ${payment.amountCents} cents; a payment is recorded once, for exactly the order's total`,
    { status: payment.status, amountCents: payment.amountCents },
  );
}

export async function recordPayment(db: Db, actor: Actor, input: RecordPaymentInput) {
  try {
    return await run(
      db,
      actor,
      { action: 'payments.record', target: `order:${input.orderId}` },
      input.orderId,
      captureStatements(
        db,
        input.orderId,
        { amountCents: input.amountCents, reference: input.reference, provider: 'manual' },
        {
          actorId: actor.userId,
          source: 'admin',
        },
      ),
    );
  } catch (error) {
    // Awaited here: explain throws before its first await when the batch failed for another reason (a demoted admin).
    return await explain(db, input.orderId, error);
  }
}

/**
 * A refund the admin gives. Manual provider: already sent by the admin, so
 * reserved and refunded at once; the payment moves to partially refunded or
 * refunded. Stripe: written pending and reserved, for Stripe to make (the
 * router sends it right after this batch; see stripe/refunds.ts).
 */
export async function refundPayment(db: Db, actor: Actor, input: RefundInput) {
  const { orderId, amountCents } = input;
  const payment = sql`(SELECT ${payments.id} FROM ${payments} WHERE ${payments.orderId} = ${orderId}
    AND ${payments.status} IN ('captured', 'partially_refunded'))`;
  const manual = sql`(SELECT ${payments.provider} = 'manual' FROM ${payments} WHERE ${payments.orderId} = ${orderId})`;
  const sent = sql`CASE WHEN ${manual} THEN ${amountCents} ELSE 0 END`;
  const full = sql`(SELECT ${payments.refundedCents} + ${amountCents} = ${payments.capturedCents} FROM ${payments} WHERE ${payments.orderId} = ${orderId})`;
  try {
    return await run(db, actor, { action: 'payments.refund', target: `order:${orderId}` }, orderId, [
      db.run(sql`INSERT INTO ${refunds} (payment_id, amount_cents, status, reason, idempotency_key, reference, actor_id)
        VALUES (${payment}, ${amountCents}, CASE WHEN ${manual} THEN 'succeeded' ELSE 'pending' END, ${input.reason},
          'refund-' || ${payment} || '-' || (SELECT count(*) + 1 FROM ${refunds} WHERE payment_id = ${payment}),
          ${input.reference ?? null}, ${actor.userId})`),
      db.run(sql`INSERT INTO ${paymentStatusHistory} (payment_id, from_status, to_status, actor_id, source, note)
        SELECT id, status, CASE WHEN ${full} THEN 'refunded' ELSE 'partially_refunded' END, ${actor.userId}, 'admin', ${input.reason}
        FROM ${payments} WHERE order_id = ${orderId} AND ${manual} AND NOT (status = 'partially_refunded' AND NOT ${full})`),
      db
        .update(payments)
        .set({
          status: sql`CASE WHEN NOT ${manual} THEN ${payments.status} WHEN ${full} THEN 'refunded' ELSE 'partially_refunded' END`,
          refundReservedCents: sql`${payments.refundReservedCents} + ${amountCents}`,
          refundedCents: sql`${payments.refundedCents} + ${sent}`,
          updatedAt: NOW,
        })
        .where(sql`${payments.orderId} = ${orderId}`),
    ]);
  } catch (error) {
    return await explain(db, orderId, error);
  }
}

/**
 * A pending refund (written by a cancellation) that the admin has now sent
 * by hand. Confirming one twice changes nothing the second time; nor does
 * confirming a Stripe refund, which only Stripe confirms.
 */
export async function completeRefund(db: Db, actor: Actor, input: CompleteRefundInput) {
  const orderId = sql<number>`(SELECT p.order_id FROM ${payments} p JOIN ${refunds} r ON r.payment_id = p.id WHERE r.id = ${input.refundId})`;
  const pending = sql`(SELECT r.id FROM ${refunds} r JOIN ${payments} p ON p.id = r.payment_id
    WHERE r.id = ${input.refundId} AND r.status = 'pending' AND p.provider = 'manual')`;
  const amount = sql`(SELECT ${refunds.amountCents} FROM ${refunds} WHERE ${refunds.id} = ${input.refundId})`;
  const full = sql`(${payments.refundedCents} + ${amount} = ${payments.capturedCents})`;
  return run(db, actor, { action: 'payments.completeRefund', target: `refund:${input.refundId}` }, orderId, [
    db.run(sql`INSERT INTO ${paymentStatusHistory} (payment_id, from_status, to_status, actor_id, source, note)
      SELECT id, status, CASE WHEN ${full} THEN 'refunded' ELSE 'partially_refunded' END, ${actor.userId}, 'admin', 'refund sent'
      FROM ${payments} WHERE order_id = ${orderId} AND ${pending} IS NOT NULL
        AND NOT (status = 'partially_refunded' AND NOT ${full})`),
    db
      .update(payments)
      .set({
        status: sql`CASE WHEN ${full} THEN 'refunded' ELSE 'partially_refunded' END`,
        refundedCents: sql`${payments.refundedCents} + ${amount}`,
        updatedAt: NOW,
      })
      .where(sql`${payments.orderId} = ${orderId} AND ${pending} IS NOT NULL`),
    db
      .update(refunds)
      .set({ status: 'succeeded', reference: input.reference, updatedAt: NOW, attempts: sql`${refunds.attempts} + 1` })
      .where(sql`${refunds.id} = ${pending}`),
  ]);
}
