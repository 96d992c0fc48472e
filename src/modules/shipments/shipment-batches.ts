/**
 * The shipment write batches. Each returns the statements of ONE db.batch
 * (the caller puts the audit row first and the order's detail last) and
 * runs nothing. Their guards:
 *
 * - a shipment's order_id is NULL unless the order is confirmed (NOT NULL);
 * - a shipment line's order_item_id is NULL for a variant not in the order (NOT NULL);
 * - the lines' shipped_quantity grows by the shipment in the same batch, and
 *   `order_items_fulfilment_valid` (shipped + cancelled ≤ quantity) refuses a
 *   unit shipped twice, also when two admins ship the same line at once;
 * - a delivery's history row has a NULL shipment_id unless the shipment is
 *   still shipped (compare-and-set), and its CHECK holds the shipment map;
 * - a cancelled remainder's audit target is NULL (NOT NULL) unless the order
 *   is confirmed, paid, has shipped something and has units left to ship;
 *   its refund's reservation is under payments_amounts_valid (≤ captured).
 */

import { type SQL, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { newestId, nextId } from '../../db/batch-ids.ts';
import type { Db } from '../../db/client.ts';
import { NOW, orderItems, orders, payments, shipmentHistory, shipmentItems, shipments } from '../../db/schema.ts';
import { stockLinesStatements } from '../../db/stock.ts';
import { refundForUnits } from '../payments/paid-share.ts';
import { paymentCaptured, reserveRefundStatements } from '../payments/payment-batches.ts';
import { followFulfilmentStatements } from './fulfilment-sql.ts';
import type { CreateShipmentInput } from './shipments.schema.ts';

/** The id a new shipment gets, and the one the batch's INSERT made (a batch is one write transaction). */
const nextShipmentId = nextId(shipments);
const newestShipmentId = newestId(shipments);

/** The order a shipment belongs to. */
export const shipmentOrderId = (shipmentId: number) =>
  sql<number>`(SELECT ${shipments.orderId} FROM ${shipments} WHERE ${shipments.id} = ${shipmentId})`;

/** Units of a line neither shipped nor cancelled, for `order_items` under alias `oi`. */
const remainderOf = sql`(oi.quantity - oi.shipped_quantity - oi.cancelled_quantity)`;

/** A new shipment of some units of some lines of a confirmed order. */
export function createShipmentStatements(db: Db, input: CreateShipmentInput, actorId: number): BatchItem<'sqlite'>[] {
  const { orderId } = input;
  const lines = JSON.stringify(input.items);
  return [
    db.insert(shipments).values({
      id: nextShipmentId,
      orderId: sql`(SELECT ${orders.id} FROM ${orders} WHERE ${orders.id} = ${orderId} AND ${orders.status} = 'confirmed')`,
      carrier: input.carrier,
      trackingNumber: input.trackingNumber,
      createdBy: actorId,
    }),
    db.run(sql`INSERT INTO ${shipmentItems} (shipment_id, order_item_id, quantity)
      SELECT ${newestShipmentId},
        (SELECT oi.id FROM ${orderItems} oi WHERE oi.order_id = ${orderId} AND oi.variant_id = json_extract(j.value, '$.variantId')),
        json_extract(j.value, '$.quantity')
      FROM json_each(${lines}) j`),
    db
      .update(orderItems)
      .set({
        shippedQuantity: sql`${orderItems.shippedQuantity} + (SELECT si.quantity FROM ${shipmentItems} si
          WHERE si.shipment_id = ${newestShipmentId} AND si.order_item_id = ${orderItems.id})`,
      })
      .where(
        sql`${orderItems.id} IN (SELECT order_item_id FROM ${shipmentItems} WHERE shipment_id = ${newestShipmentId})`,
      ),
    db.insert(shipmentHistory).values({ shipmentId: newestShipmentId, fromStatus: null, toStatus: 'shipped', actorId }),
    ...followFulfilmentStatements(db, orderId, actorId, `shipment by ${input.carrier}`),
  ];
}

/** A shipment arrived: shipped → delivered (compare-and-set), its units delivered on their lines. */
export function markDeliveredStatements(db: Db, shipmentId: number, actorId: number): BatchItem<'sqlite'>[] {
  return [
    db.insert(shipmentHistory).values({
      shipmentId: sql`(SELECT ${shipments.id} FROM ${shipments} WHERE ${shipments.id} = ${shipmentId} AND ${shipments.status} = 'shipped')`,
      fromStatus: 'shipped',
      toStatus: 'delivered',
      actorId,
    }),
    db
      .update(shipments)
      .set({ status: 'delivered', deliveredAt: NOW, updatedAt: NOW })
      .where(sql`${shipments.id} = ${shipmentId}`),
    db
      .update(orderItems)
      .set({
        deliveredQuantity: sql`${orderItems.deliveredQuantity} + (SELECT si.quantity FROM ${shipmentItems} si
          WHERE si.shipment_id = ${shipmentId} AND si.order_item_id = ${orderItems.id})`,
      })
      .where(sql`${orderItems.id} IN (SELECT order_item_id FROM ${shipmentItems} WHERE shipment_id = ${shipmentId})`),
    ...followFulfilmentStatements(db, shipmentOrderId(shipmentId), actorId, `shipment ${shipmentId} delivered`),
  ];
}

/** The order may have its remainder cancelled: confirmed, paid, something shipped, something left. */
export function remainderCancellable(orderId: number): SQL {
  return sql`(SELECT 'order:' || o.id FROM ${orders} o WHERE o.id = ${orderId} AND o.status = 'confirmed'
    AND EXISTS (SELECT 1 FROM ${payments} p WHERE p.order_id = o.id AND p.status IN ('captured', 'partially_refunded'))
    AND EXISTS (SELECT 1 FROM ${orderItems} oi WHERE oi.order_id = o.id AND oi.shipped_quantity > 0)
    AND EXISTS (SELECT 1 FROM ${orderItems} oi WHERE oi.order_id = o.id AND ${remainderOf} > 0))`;
}

/** The refund key of an order's cancelled remainder: one per order, UNIQUE on refunds. */
export const remainderRefundKey = (orderId: number) => `cancel-${orderId}`;

/**
 * The unshipped remainder cancelled: its units back in stock (`cancellation`
 * ledger rows), its paid share refunded (a pending refund row, reserved on
 * the payment, sent to the provider after the batch), the lines' cancelled
 * and refunded counters moved, and the fulfilment status following (a
 * delivered and paid order completes). Guarded by the audit row's target:
 * see remainderCancellable.
 */
export function cancelRemainderStatements(db: Db, orderId: number, actorId: number): BatchItem<'sqlite'>[] {
  const amount = sql`(SELECT coalesce(sum(${refundForUnits('oi', remainderOf)}), 0) FROM ${orderItems} oi
    WHERE oi.order_id = ${orderId} AND ${remainderOf} > 0)`;
  return [
    ...stockLinesStatements(
      db,
      sql`SELECT oi.variant_id, ${remainderOf}, oi.order_id FROM ${orderItems} oi WHERE oi.order_id = ${orderId} AND ${remainderOf} > 0`,
      { reason: 'cancellation', actorId, note: 'unshipped remainder cancelled' },
    ),
    ...reserveRefundStatements(db, {
      orderId,
      amount,
      reason: 'unshipped remainder cancelled',
      key: remainderRefundKey(orderId),
      actorId,
      when: paymentCaptured,
    }),
    db.run(sql`UPDATE ${orderItems} AS oi SET cancelled_quantity = oi.cancelled_quantity + ${remainderOf},
        refunded_quantity = oi.refunded_quantity + ${remainderOf}
      WHERE oi.order_id = ${orderId} AND ${remainderOf} > 0`),
    ...followFulfilmentStatements(db, orderId, actorId, 'unshipped remainder cancelled'),
  ];
}
