/**
 * The return write batches; each returns the statements of ONE db.batch
 * (the caller adds the audit row for an admin, and the order's detail) and
 * runs nothing. Their guards:
 *
 * - a request's order_id is NULL (NOT NULL) unless the order is the
 *   customer's, confirmed or completed, and paid;
 * - a request line's order_item_id is NULL (NOT NULL) unless the variant is
 *   a line of the order delivered within the return window (by the
 *   database's clock);
 * - the lines' returned_quantity grows by the request in its batch, and
 *   `order_items_fulfilment_valid` (returned ≤ delivered) refuses a unit
 *   returned twice, also when two requests race for the last one;
 * - each move's history row has a NULL return_id unless the return is in the
 *   state the move starts from (compare-and-set); its CHECK holds the map;
 * - the receipt's refund is computed from the lines' own rows
 *   (src/modules/payments/paid-share.ts), written once (UNIQUE idempotency
 *   key `return-<id>`) and reserved on the payment under
 *   `payments_amounts_valid` (reserved ≤ captured).
 */

import { type SQL, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { newestId, nextId } from '../../db/batch-ids.ts';
import type { Db } from '../../db/client.ts';
import {
  NOW,
  orderItems,
  orders,
  payments,
  returnHistory,
  returnItems,
  returns,
  shipmentItems,
  shipments,
} from '../../db/schema.ts';
import { stockLinesStatements } from '../../db/stock.ts';
import type { ReturnStatus } from '../../shared/return-status.ts';
import { refundForUnits } from '../payments/paid-share.ts';
import { paymentCaptured, reserveRefundStatements } from '../payments/payment-batches.ts';
import type { RequestReturnInput } from './returns.schema.ts';

const nextReturnId = nextId(returns);
const newestReturnId = newestId(returns);

/** The order a return belongs to. */
export const returnOrderId = (returnId: number) =>
  sql<number>`(SELECT ${returns.orderId} FROM ${returns} WHERE ${returns.id} = ${returnId})`;

/** The refund key of a return: one refund per return, UNIQUE on refunds. */
export const returnRefundKey = (returnId: number) => `return-${returnId}`;

/** The line under alias `oi` was delivered (some shipment of it) within the last `days` days. */
function deliveredWithin(days: number): SQL {
  return sql`EXISTS (SELECT 1 FROM ${shipmentItems} si JOIN ${shipments} s ON s.id = si.shipment_id
    WHERE si.order_item_id = oi.id AND s.status = 'delivered'
      AND s.delivered_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`-${Math.trunc(days)} days`}))`;
}

/** Moves a counter of the return's order lines by the return's units: `sign` 1 adds them, -1 takes them back. */
function countReturnUnits(
  db: Db,
  returnId: number | SQL,
  counter: 'returnedQuantity' | 'refundedQuantity',
  sign: 1 | -1,
) {
  return db
    .update(orderItems)
    .set({
      [counter]: sql`${orderItems[counter]} + ${sign} * (SELECT ri.quantity FROM ${returnItems} ri
        WHERE ri.return_id = ${returnId} AND ri.order_item_id = ${orderItems.id})`,
    })
    .where(sql`${orderItems.id} IN (SELECT order_item_id FROM ${returnItems} WHERE return_id = ${returnId})`);
}

/** The customer asks to return delivered units of their order. */
export function requestReturnStatements(
  db: Db,
  input: RequestReturnInput,
  userId: number,
  windowDays: number,
): BatchItem<'sqlite'>[] {
  const { orderId } = input;
  const lines = JSON.stringify(input.items);
  return [
    db.insert(returns).values({
      id: nextReturnId,
      orderId: sql`(SELECT o.id FROM ${orders} o WHERE o.id = ${orderId} AND o.user_id = ${userId}
        AND o.status IN ('confirmed', 'completed')
        AND EXISTS (SELECT 1 FROM ${payments} p WHERE p.order_id = o.id AND p.status IN ('captured', 'partially_refunded')))`,
      reason: input.reason,
      requestedBy: userId,
    }),
    db.run(sql`INSERT INTO ${returnItems} (return_id, order_item_id, quantity)
      SELECT ${newestReturnId},
        (SELECT oi.id FROM ${orderItems} oi WHERE oi.order_id = ${orderId}
          AND oi.variant_id = json_extract(j.value, '$.variantId') AND ${deliveredWithin(windowDays)}),
        json_extract(j.value, '$.quantity')
      FROM json_each(${lines}) j`),
    countReturnUnits(db, newestReturnId, 'returnedQuantity', 1),
    db
      .insert(returnHistory)
      .values({ returnId: newestReturnId, fromStatus: null, toStatus: 'requested', actorId: userId }),
  ];
}

/** A guarded move of the return: its history row (NULL return_id unless it is `from`) and its UPDATE. */
function moveReturn(
  db: Db,
  returnId: number,
  from: ReturnStatus,
  to: ReturnStatus,
  actorId: number,
  note: string | null,
  set: Partial<typeof returns.$inferInsert> = {},
) {
  return [
    db.insert(returnHistory).values({
      returnId: sql`(SELECT ${returns.id} FROM ${returns} WHERE ${returns.id} = ${returnId} AND ${returns.status} = ${from})`,
      fromStatus: from,
      toStatus: to,
      actorId,
      note,
    }),
    db
      .update(returns)
      .set({ ...set, status: to, updatedAt: NOW })
      .where(sql`${returns.id} = ${returnId}`),
  ];
}

export function approveReturnStatements(db: Db, returnId: number, actorId: number, note: string | null) {
  return moveReturn(db, returnId, 'requested', 'approved', actorId, note);
}

/** A rejected return gives its units back to the lines: they may be asked for again. */
export function rejectReturnStatements(db: Db, returnId: number, actorId: number, note: string | null) {
  return [
    ...moveReturn(db, returnId, 'requested', 'rejected', actorId, note),
    countReturnUnits(db, returnId, 'returnedQuantity', -1),
  ];
}

/**
 * The items are back: per line restocked (`return` ledger rows) or not, each
 * line's refund computed from what was paid for its units, the lines'
 * refunded counters moved, and one pending refund row for the return's total,
 * reserved on the payment and sent to the provider after the batch.
 */
export function receiveReturnStatements(
  db: Db,
  returnId: number,
  restockVariantIds: number[],
  actorId: number,
): BatchItem<'sqlite'>[] {
  return [
    ...moveReturn(db, returnId, 'approved', 'received', actorId, null),
    db
      .update(returnItems)
      .set({
        restock: sql`(SELECT oi.variant_id FROM ${orderItems} oi WHERE oi.id = ${returnItems.orderItemId}) IN (SELECT value FROM json_each(${JSON.stringify(restockVariantIds)}))`,
        refundCents: sql`(SELECT ${refundForUnits('oi', sql`${returnItems.quantity}`)} FROM ${orderItems} oi WHERE oi.id = ${returnItems.orderItemId})`,
      })
      .where(sql`${returnItems.returnId} = ${returnId}`),
    ...stockLinesStatements(
      db,
      sql`SELECT oi.variant_id, ri.quantity, oi.order_id FROM ${returnItems} ri JOIN ${orderItems} oi ON oi.id = ri.order_item_id
        WHERE ri.return_id = ${returnId} AND ri.restock = 1`,
      { reason: 'return', actorId, note: `return ${returnId}` },
    ),
    countReturnUnits(db, returnId, 'refundedQuantity', 1),
    db
      .update(returns)
      .set({
        refundCents: sql`(SELECT coalesce(sum(ri.refund_cents), 0) FROM ${returnItems} ri WHERE ri.return_id = ${returnId})`,
      })
      .where(sql`${returns.id} = ${returnId}`),
    ...reserveRefundStatements(db, {
      orderId: returnOrderId(returnId),
      amount: sql`(SELECT r.refund_cents FROM ${returns} r WHERE r.id = ${returnId})`,
      reason: `return ${returnId} received`,
      key: returnRefundKey(returnId),
      actorId,
      when: paymentCaptured,
    }),
  ];
}
