/**
 * Stripe refunds. A refund is a row before it is a call: the batch that
 * decides it (a cancellation, a payment for an order that will not ship, an
 * admin's refund) writes it pending and reserves its amount on the payment.
 * Then it is sent with the row's `idempotency_key`; a call that fails or
 * never returns leaves the row pending, and the cron sends it again with the
 * same key, so Stripe makes it once. Whatever Stripe says of a refund, in the
 * call's answer or a refund.* event, is applied by ONE guarded batch,
 * `refundStatusStatements`.
 *
 * A payment's refund amounts are recomputed from its rows in that batch:
 * reserved = every refund not failed, refunded = every refund succeeded. The
 * CHECK reserved ≤ captured then refuses a refund Stripe reports for money we
 * have not recorded as captured, and NOT NULL on refunds.payment_id one for a
 * payment we do not know (yet): see events.ts.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type Stripe from 'stripe';
import type { Db } from '../../../db/client.ts';
import { NOW, paymentEvents, payments, refunds } from '../../../db/schema.ts';
import type { PaymentActor } from '../payment-batches.ts';
import { failure, isRefusal } from './client.ts';

/** A refund row to send (or, once Stripe has it, to ask about), with the PaymentIntent it refunds. */
export type PendingRefund = {
  id: number;
  amountCents: number;
  idempotencyKey: string;
  /** Stripe's refund id once a call came back; then the row is asked about, not sent again. */
  reference: string | null;
  paymentIntent: string | null;
};

/** What Stripe says of one refund, as we keep it. */
export type RefundFacts = {
  /** Stripe's id; null when Stripe refused to make the refund at all. */
  refundId: string | null;
  amountCents: number;
  status: 'pending' | 'succeeded' | 'failed';
  paymentIntent: string | null;
  /** Our row's id, from the refund's metadata: set on every refund Stockroom makes. */
  ourRefundId: number | null;
};

/** The metadata key that ties a Stripe refund to our row. */
export const REFUND_METADATA_KEY = 'stockroom_refund_id';

const REFUNDS_PER_SWEEP = 20;

export function refundFacts(refund: Stripe.Refund): RefundFacts {
  const ours = Number(refund.metadata?.[REFUND_METADATA_KEY]);
  const status =
    refund.status === 'succeeded'
      ? 'succeeded'
      : refund.status === 'failed' || refund.status === 'canceled'
        ? 'failed'
        : 'pending';
  return {
    refundId: refund.id,
    amountCents: refund.amount,
    status,
    paymentIntent:
      typeof refund.payment_intent === 'string' ? refund.payment_intent : (refund.payment_intent?.id ?? null),
    ourRefundId: Number.isSafeInteger(ours) && ours > 0 ? ours : null,
  };
}

/** Pending Stripe refunds matching `where` (on `r` refunds, `p` payments), oldest first. */
export function pendingRefundsQuery(db: Db, where: SQL) {
  return db.all<PendingRefund>(sql`SELECT r.id AS id, r.amount_cents AS amountCents, r.idempotency_key AS idempotencyKey,
      r.reference AS reference, p.reference AS paymentIntent
    FROM ${refunds} r JOIN ${payments} p ON p.id = r.payment_id
    WHERE r.status = 'pending' AND p.provider = 'stripe' AND ${where}
    ORDER BY r.id LIMIT ${REFUNDS_PER_SWEEP}`);
}

/**
 * One batch applying what Stripe says of a refund: the event row (when an
 * event says it), a row for a refund made outside Stockroom (the Dashboard),
 * the row's new status (only from pending), and the payment's amounts and
 * status recomputed from its rows, with a history row when the status moves.
 */
export function refundStatusStatements(
  db: Db,
  facts: RefundFacts,
  actor: PaymentActor,
  options: { event?: { eventId: string; type: string }; attempted?: boolean },
) {
  const paymentId = sql`(SELECT ${payments.id} FROM ${payments} WHERE ${payments.provider} = 'stripe' AND ${payments.reference} = ${facts.paymentIntent})`;
  const row = sql`((${refunds.id} = ${facts.ourRefundId} AND ${refunds.paymentId} = ${paymentId}) OR ${refunds.reference} = ${facts.refundId})`;
  const succeeded = sql`(SELECT coalesce(sum(r.amount_cents), 0) FROM ${refunds} r WHERE r.payment_id = ${payments.id} AND r.status = 'succeeded')`;
  const reserved = sql`(SELECT coalesce(sum(r.amount_cents), 0) FROM ${refunds} r WHERE r.payment_id = ${payments.id} AND r.status <> 'failed')`;
  const next = sql`(CASE WHEN ${payments.status} IN ('captured', 'partially_refunded') AND ${succeeded} > 0
    THEN CASE WHEN ${succeeded} = ${payments.capturedCents} THEN 'refunded' ELSE 'partially_refunded' END
    ELSE ${payments.status} END)`;
  const rowStatus = facts.status;
  return [
    ...(options.event ? [db.insert(paymentEvents).values({ provider: 'stripe', ...options.event, paymentId })] : []),
    // A refund we never made: its row, keyed by Stripe's id. Unknown payment: NULL payment_id, and NOT NULL refuses.
    db.run(sql`INSERT INTO ${refunds} (payment_id, amount_cents, reason, idempotency_key, reference)
      SELECT ${paymentId}, ${facts.amountCents}, 'refunded at Stripe, not through Stockroom', ${`stripe-${facts.refundId}`}, ${facts.refundId}
      WHERE ${facts.refundId} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${refunds} WHERE ${row})`),
    db
      .update(refunds)
      .set({
        status: rowStatus,
        reference: sql`coalesce(${refunds.reference}, ${facts.refundId})`,
        attempts: sql`${refunds.attempts} + ${options.attempted ? 1 : 0}`,
        updatedAt: NOW,
      })
      .where(sql`${refunds.status} = 'pending' AND ${row}`),
    db.run(sql`INSERT INTO payment_status_history (payment_id, from_status, to_status, actor_id, source, note)
      SELECT ${payments.id}, ${payments.status}, ${next}, ${actor.actorId}, ${actor.source}, 'refunded through Stripe'
      FROM ${payments} WHERE ${payments.id} = ${paymentId} AND ${next} <> ${payments.status}`),
    db
      .update(payments)
      .set({ status: next, refundReservedCents: reserved, refundedCents: succeeded, updatedAt: NOW })
      .where(sql`${payments.id} = ${paymentId}`),
  ] as const;
}

/** Runs statements built as a plain list as one batch. */
export function runBatch(db: Db, statements: readonly BatchItem<'sqlite'>[]) {
  return db.batch(statements as unknown as Parameters<typeof db.batch>[0]);
}

/**
 * Sends one pending refund (or asks about one Stripe already has) and applies
 * the answer in one batch. A failure that may pass leaves the row pending for
 * the cron; a refusal fails the row and gives its amount back to the payment.
 */
export async function sendRefund(db: Db, stripe: Stripe, refund: PendingRefund, actor: PaymentActor): Promise<boolean> {
  let facts: RefundFacts;
  try {
    const answer = refund.reference
      ? await stripe.refunds.retrieve(refund.reference)
      : await stripe.refunds.create(
          {
            payment_intent: refund.paymentIntent ?? undefined,
            amount: refund.amountCents,
            reason: 'requested_by_customer',
            metadata: { [REFUND_METADATA_KEY]: String(refund.id) },
          },
          { idempotencyKey: refund.idempotencyKey },
        );
    facts = { ...refundFacts(answer), ourRefundId: refund.id };
  } catch (error) {
    if (!isRefusal(error)) {
      console.error(`stripe: refund ${refund.id} not sent yet, the cron will retry it:`, failure(error));
      return false;
    }
    console.error(`stripe: refund ${refund.id} refused by Stripe:`, failure(error));
    facts = {
      refundId: null,
      amountCents: refund.amountCents,
      status: 'failed',
      paymentIntent: refund.paymentIntent,
      ourRefundId: refund.id,
    };
  }
  await runBatch(db, refundStatusStatements(db, facts, actor, { attempted: true }));
  return true;
}

/** Sends refunds one after the other, each its own call and batch; stops at the first Stripe did not answer. */
export async function sendRefunds(db: Db, stripe: Stripe, pending: PendingRefund[], actor: PaymentActor) {
  for (const refund of pending) {
    if (!(await sendRefund(db, stripe, refund, actor))) return;
  }
}

/** After a write that may have left refunds of an order pending (a cancellation, an admin's refund): sends them now. */
export async function sendOrderRefunds(db: Db, stripe: Stripe, orderId: number, actor: PaymentActor) {
  await sendRefunds(db, stripe, await pendingRefundsQuery(db, sql`p.order_id = ${orderId}`), actor);
}

/** The cron: every Stripe refund still pending, whoever wrote it and whether or not its call ever left. */
export async function retryPendingRefunds(db: Db, stripe: Stripe): Promise<number> {
  const pending = await pendingRefundsQuery(db, sql`1`);
  await sendRefunds(db, stripe, pending, { actorId: null, source: 'cron' });
  return pending.length;
}
