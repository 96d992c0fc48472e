/**
 * Delivery, by an admin: a confirmed order is marked shipped, then delivered
 * (one audited batch each). The fulfilment history row carries the guards:
 * its order_id is NULL unless the order is confirmed (NOT NULL refuses), and
 * its CHECK holds the fulfilment map. A delivered order whose payment is
 * captured completes in the same batch.
 */
import { sql } from 'drizzle-orm';
import { isRevokedAdmin } from '../../db/admin-check.ts';
import { type Actor, auditedStatements } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import { constraintViolation } from '../../db/errors.ts';
import { fulfilmentHistory, NOW, orders, payments } from '../../db/schema.ts';
import { canMoveFulfilment, type FulfilmentStatus } from '../../shared/fulfilment-status.ts';
import { DomainError, notFound } from '../domain-error.ts';
import { moveOrderWhen } from '../payments/payment-batches.ts';
import { orderDetailQuery, parseOrderDetail, publicOrder } from './order-detail.ts';

export type FulfilmentChange = { id: number; status: Exclude<FulfilmentStatus, 'unfulfilled'>; note?: string };

export async function updateFulfilment(db: Db, actor: Actor, change: FulfilmentChange) {
  const { id } = change;
  const paid = sql`EXISTS (SELECT 1 FROM ${payments} WHERE ${payments.orderId} = ${id}
    AND ${payments.status} IN ('captured', 'partially_refunded', 'refunded'))`;
  const statements = [
    db.insert(fulfilmentHistory).values({
      orderId: sql`(SELECT ${orders.id} FROM ${orders} WHERE ${orders.id} = ${id} AND ${orders.status} = 'confirmed')`,
      fromStatus: sql`(SELECT ${orders.fulfilmentStatus} FROM ${orders} WHERE ${orders.id} = ${id})`,
      toStatus: change.status,
      actorId: actor.userId,
      note: change.note ?? null,
    }),
    db
      .update(orders)
      .set({ fulfilmentStatus: change.status, updatedBy: actor.userId, updatedAt: NOW })
      .where(sql`${orders.id} = ${id}`),
    ...(change.status === 'delivered'
      ? moveOrderWhen(db, id, 'confirmed', 'completed', paid, actor.userId, 'delivered and paid')
      : []),
    orderDetailQuery(db, sql`o.id = ${id}`),
  ];
  try {
    const batch = auditedStatements(
      db,
      actor,
      { action: 'orders.updateFulfilment', target: `order:${id}` },
      statements,
    );
    const results = (await db.batch(batch as unknown as Parameters<typeof db.batch>[0])) as unknown as unknown[][];
    const [row] = results[results.length - 1] as Parameters<typeof parseOrderDetail>[0][];
    if (!row) throw notFound('order', id);
    return publicOrder(parseOrderDetail(row));
  } catch (error) {
    if (!constraintViolation(error) || isRevokedAdmin(error)) throw error;
    const [current] = await db
      .select({ status: orders.status, fulfilment: orders.fulfilmentStatus })
      .from(orders)
      .where(sql`${orders.id} = ${id}`);
    if (!current) throw notFound('order', id);
    const why =
      current.status !== 'confirmed'
        ? `order ${id} is ${current.status}; only a confirmed (paid or accepted) order ships`
        : canMoveFulfilment(current.fulfilment, change.status)
          ? `order ${id} changed while this was sent; reload it`
          : `order ${id} is ${current.fulfilment}, so it cannot be marked ${change.status}`;
    throw new DomainError('INVALID_TRANSITION', `Invalid transition: ${why}`, {
      from: current.fulfilment,
      to: change.status,
    });
  }
}
