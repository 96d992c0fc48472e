/**
 * The payment write batches. Each is ONE db.batch whose first statement is a
 * guarded history row: its payment_id is NULL (NOT NULL refuses the batch)
 * unless the payment is in a state the move may start from, and its CHECK
 * holds the payment map. What the money means for the order follows in the
 * same batch, decided by the database's own state at that moment:
 *
 * - a pending order is confirmed (its hold ends, its stock stays sold);
 * - an expired order whose stock is still there is confirmed and takes its
 *   stock again (`sale` ledger rows); one whose stock is gone stays expired
 *   and gets a full refund;
 * - a cancelled order gets a full refund: never a cancelled order with
 *   captured money and no refund;
 * - a confirmed order already delivered (cash on delivery) completes.
 *
 * A refund is a row written, and its amount reserved on the payment
 * (refund_reserved_cents ≤ captured_cents, a CHECK), before any provider is
 * called; the provider call carries the row's idempotency key.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../../db/client.ts';
import {
  inventoryMovements,
  NOW,
  orderItems,
  orderStatusHistory,
  orders,
  paymentStatusHistory,
  payments,
  refunds,
  variants,
} from '../../db/schema.ts';
import { stockLinesStatements } from '../../db/stock.ts';
import type { PaymentProvider, PaymentStatus } from '../../shared/payment-status.ts';

/** Who moved the payment: an admin, or (null) the provider through a webhook, the shopper's return or the cron. */
export type PaymentActor = { actorId: number | null; source: 'admin' | 'webhook' | 'return' | 'cron' | 'checkout' };

const orderStatusOf = (orderId: SQL | number) =>
  sql`(SELECT ${orders.status} FROM ${orders} WHERE ${orders.id} = ${orderId})`;
/** "<to>:<from>" of the order's latest history row: how a later statement of the batch knows what an earlier one decided. */
const latestMove = (orderId: SQL | number) =>
  sql`(SELECT to_status || ':' || coalesce(from_status, '') FROM ${orderStatusHistory} WHERE order_id = ${orderId} ORDER BY id DESC LIMIT 1)`;
/** Every line of the order is in stock now. */
const stockCovers = (orderId: SQL | number) =>
  sql`NOT EXISTS (SELECT 1 FROM ${orderItems} oi JOIN ${variants} v ON v.id = oi.variant_id
    WHERE oi.order_id = ${orderId} AND v.stock < oi.quantity)`;
/** The reason of the order's latest ledger row. */
const latestMovement = (orderId: SQL | number) =>
  sql`(SELECT reason FROM ${inventoryMovements} WHERE order_id = ${orderId} ORDER BY id DESC LIMIT 1)`;

/** A guarded payment move: the history row (NULL payment id unless `from` holds) and the payment's UPDATE. */
export function movePaymentStatements(
  db: Db,
  orderId: SQL | number,
  move: { from: readonly PaymentStatus[]; to: PaymentStatus; extra?: SQL },
  actor: PaymentActor,
  set: Partial<typeof payments.$inferInsert>,
  note: string | null = null,
) {
  const guard = sql`(SELECT ${payments.id} FROM ${payments} WHERE ${payments.orderId} = ${orderId}
    AND ${payments.status} IN ${move.from} ${move.extra ? sql`AND ${move.extra}` : sql``})`;
  return [
    db.insert(paymentStatusHistory).values({
      paymentId: guard,
      fromStatus: sql`(SELECT ${payments.status} FROM ${payments} WHERE ${payments.orderId} = ${orderId})`,
      toStatus: move.to,
      actorId: actor.actorId,
      source: actor.source,
      note,
    }),
    db
      .update(payments)
      .set({ ...set, status: move.to, updatedAt: NOW })
      .where(sql`${payments.orderId} = ${orderId}`),
  ] as const;
}

export type RefundReservation = {
  orderId: SQL | number;
  /** Cents to refund; may name the order's payment as `p`. Nothing is written unless it is above zero. */
  amount: SQL;
  reason: string;
  /** The refund's idempotency key (UNIQUE, so a refund is written once); may name the payment as `p`. */
  key: SQL | string;
  actorId: number | null;
  /** When the refund applies, besides a positive amount; may name the payment as `p`. */
  when: SQL;
};

/**
 * A refund written as a pending row of the order's payment and its amount
 * reserved on the payment (refund_reserved_cents ≤ captured_cents, the
 * payments_amounts_valid CHECK), before any provider is called. Both
 * statements select the payment by the same condition, so `amount` and
 * `when` must not depend on the refunds table.
 */
export function reserveRefundStatements(db: Db, refund: RefundReservation) {
  const applies = sql`p.order_id = ${refund.orderId} AND ${refund.amount} > 0 AND ${refund.when}`;
  return [
    db.run(sql`INSERT INTO ${refunds} (payment_id, amount_cents, reason, idempotency_key, actor_id)
      SELECT p.id, ${refund.amount}, ${refund.reason}, ${refund.key}, ${refund.actorId} FROM ${payments} p WHERE ${applies}`),
    db.run(sql`UPDATE ${payments} AS p SET refund_reserved_cents = p.refund_reserved_cents + ${refund.amount},
        updated_at = ${NOW}
      WHERE ${applies}`),
  ] as const;
}

/** The payment holds captured money. */
export const paymentCaptured = sql`p.status IN ('captured', 'partially_refunded')`;

/** A full refund of what is captured and not yet reserved, written as a pending row, when `condition` holds. */
export function fullRefundStatements(
  db: Db,
  orderId: SQL | number,
  condition: SQL,
  reason: string,
  actor: PaymentActor,
) {
  return reserveRefundStatements(db, {
    orderId,
    amount: sql`(p.captured_cents - p.refund_reserved_cents)`,
    reason,
    key: sql`'refund-' || p.id || '-' || (SELECT count(*) + 1 FROM ${refunds} r WHERE r.payment_id = p.id)`,
    actorId: actor.actorId,
    when: condition,
  });
}

/** An order-level move decided inside the batch: the history row and the UPDATE, when `condition` holds. */
export function moveOrderWhen(
  db: Db,
  orderId: SQL | number,
  from: string,
  to: string,
  condition: SQL,
  actorId: number | null,
  note: string,
) {
  return [
    db.run(sql`INSERT INTO ${orderStatusHistory} (order_id, from_status, to_status, actor_id, note)
      SELECT id, status, ${to}, ${actorId}, ${note} FROM ${orders} WHERE id = ${orderId} AND status = ${from} AND ${condition}`),
    db
      .update(orders)
      .set({ status: to as typeof orders.$inferInsert.status, holdExpiresAt: null, updatedAt: NOW })
      .where(
        sql`${orders.id} = ${orderId} AND ${orders.status} = ${from} AND ${latestMove(orderId)} = ${`${to}:${from}`}`,
      ),
  ];
}

/**
 * The money is in: the payment moves to captured (from pending, failed,
 * expired or authorized; for exactly the order's total; by `provider` when
 * given), and the order follows as the module comment says.
 */
export function captureStatements(
  db: Db,
  orderId: SQL | number,
  capture: { amountCents: number; reference: string | null; provider?: PaymentProvider },
  actor: PaymentActor,
): BatchItem<'sqlite'>[] {
  const retaken = sql`${latestMove(orderId)} = 'confirmed:expired' AND ${latestMovement(orderId)} = 'expiry'`;
  const provider = capture.provider ? sql` AND ${payments.provider} = ${capture.provider}` : sql``;
  return [
    ...movePaymentStatements(
      db,
      orderId,
      {
        from: ['pending', 'failed', 'expired', 'authorized'],
        to: 'captured',
        extra: sql`${payments.amountCents} = ${capture.amountCents}${provider}`,
      },
      actor,
      { authorizedCents: capture.amountCents, capturedCents: capture.amountCents, reference: capture.reference },
    ),
    // A pending order is confirmed: its hold ends and its stock stays sold.
    ...moveOrderWhen(db, orderId, 'pending', 'confirmed', sql`1`, actor.actorId, 'paid'),
    // An expired one is confirmed only if every line is in stock again, and takes it.
    ...moveOrderWhen(
      db,
      orderId,
      'expired',
      'confirmed',
      stockCovers(orderId),
      actor.actorId,
      'paid after its hold expired',
    ),
    ...stockLinesStatements(
      db,
      sql`SELECT variant_id, -quantity, order_id FROM ${orderItems} WHERE order_id = ${orderId} AND ${retaken}`,
      { reason: 'sale', actorId: actor.actorId, note: 'paid after its hold expired' },
    ),
    // Money for an order that will not ship (cancelled, or expired with its stock gone) goes back.
    ...fullRefundStatements(
      db,
      orderId,
      sql`${orderStatusOf(orderId)} IN ('cancelled', 'expired')`,
      'paid for an order that was cancelled or whose stock was gone',
      actor,
    ),
    // Cash on delivery: delivered first, paid now, so complete.
    ...moveOrderWhen(
      db,
      orderId,
      'confirmed',
      'completed',
      sql`fulfilment_status = 'delivered'`,
      actor.actorId,
      'paid on delivery',
    ),
  ];
}

/** The refund rows of a payment, newest first, and the payment's amounts: for the order detail. */
export function paymentDetailSql(orderId: SQL) {
  return sql`(SELECT json_object('id', p.id, 'provider', p.provider, 'method', p.method, 'status', p.status,
      'amountCents', p.amount_cents, 'capturedCents', p.captured_cents, 'refundedCents', p.refunded_cents,
      'refundPendingCents', p.refund_reserved_cents - p.refunded_cents, 'reference', p.reference,
      'sessionUrl', p.session_url,
      'refunds', (SELECT json_group_array(json_object('id', r.id, 'amountCents', r.amount_cents, 'status', r.status,
          'reason', r.reason, 'reference', r.reference, 'createdAt', r.created_at))
        FROM (SELECT * FROM ${refunds} WHERE payment_id = p.id ORDER BY id) r),
      'history', (SELECT json_group_array(json_object('fromStatus', h.from_status, 'toStatus', h.to_status,
          'source', h.source, 'note', h.note, 'createdAt', h.created_at))
        FROM (SELECT * FROM ${paymentStatusHistory} WHERE payment_id = p.id ORDER BY id) h))
    FROM ${payments} p WHERE p.order_id = ${orderId})`;
}
