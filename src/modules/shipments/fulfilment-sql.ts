/**
 * The ONE definition of an order's fulfilment status, from its lines'
 * counters (see src/shared/fulfilment-status.ts), and the statements every
 * batch that moves a counter ends with: the status follows, with its
 * fulfilment_history row (whose CHECK holds the map), and a delivered order
 * whose payment is captured completes.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../../db/client.ts';
import { fulfilmentHistory, NOW, orderItems, orders, payments } from '../../db/schema.ts';
import { PAID_STATUSES } from '../../shared/payment-status.ts';
import { moveOrderWhen } from '../payments/payment-batches.ts';

/** The fulfilment status the order's lines make now. */
export function derivedFulfilment(orderId: SQL | number): SQL<string> {
  const live = sql`sum(${orderItems.quantity} - ${orderItems.cancelledQuantity})`;
  const shipped = sql`sum(${orderItems.shippedQuantity})`;
  const delivered = sql`sum(${orderItems.deliveredQuantity})`;
  return sql<string>`(SELECT CASE
      WHEN ${delivered} > 0 AND ${delivered} = ${live} THEN 'delivered'
      WHEN ${delivered} > 0 THEN 'partially_delivered'
      WHEN ${shipped} > 0 AND ${shipped} = ${live} THEN 'shipped'
      WHEN ${shipped} > 0 THEN 'partially_shipped'
      ELSE 'unfulfilled' END
    FROM ${orderItems} WHERE ${orderItems.orderId} = ${orderId})`;
}

/** The order's fulfilment status follows its lines (a history row when it moves); delivered and paid completes. */
export function followFulfilmentStatements(
  db: Db,
  orderId: SQL | number,
  actorId: number | null,
  note: string,
): BatchItem<'sqlite'>[] {
  const next = derivedFulfilment(orderId);
  const paid = sql`EXISTS (SELECT 1 FROM ${payments} WHERE ${payments.orderId} = ${orderId}
    AND ${payments.status} IN ${PAID_STATUSES})`;
  return [
    db.run(sql`INSERT INTO ${fulfilmentHistory} (order_id, from_status, to_status, actor_id, note)
      SELECT id, fulfilment_status, ${next}, ${actorId}, ${note} FROM ${orders}
      WHERE id = ${orderId} AND fulfilment_status <> ${next}`),
    db
      .update(orders)
      .set({ fulfilmentStatus: sql`${next}`, updatedBy: actorId, updatedAt: NOW })
      .where(sql`${orders.id} = ${orderId} AND ${orders.fulfilmentStatus} <> ${next}`),
    ...moveOrderWhen(
      db,
      orderId,
      'confirmed',
      'completed',
      sql`fulfilment_status = 'delivered' AND ${paid}`,
      actorId,
      'delivered and paid',
    ),
  ];
}
