/**
 * The write batches of the order engine. Each builder returns the statements
 * of ONE `db.batch`, one HTTP request run as one transaction, whose statements
 * guard themselves: the order row CHECKs its line count (an empty cart fails)
 * and its user_id is NOT NULL (a customer at the pending-order cap fails),
 * order_items.unit_price_cents is NOT NULL (an archived or unknown variant
 * fails), variants.stock CHECKs >= 0 (an oversell fails), the history row's
 * order_id is NOT NULL (a lost compare-and-set fails) and its CHECK holds the
 * transition map. A failed guard rolls the whole batch back.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { type Actor, auditedStatements } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import { activeVariantPrice } from '../../db/guards.ts';
import { cartItems, NOW, orderItems, orderStatusHistory, orders, products, variants } from '../../db/schema.ts';
import { orderStockStatements } from '../../db/stock.ts';
import type { OrderStatus } from '../../shared/order-status.ts';
import { orderDetailQuery } from './order-detail.ts';
import type { OrderLine } from './orders.schema.ts';

/** Where an order's lines come from: the user's cart, or the request itself. */
export type LineSource = { kind: 'cart' } | { kind: 'items'; lines: OrderLine[] };

export type PlaceOrder = {
  userId: number;
  /** The most pending (unpaid, unshipped) orders one customer may hold; this one must fit under it. */
  maxPendingOrders: number;
  idempotencyKey: string;
  /** Fingerprint of what the key was used for; see orders.service. */
  requestHash: string;
  source: LineSource;
};

/** The new order's id, known before the batch through its natural key (user, idempotency key). */
export function orderIdByKey(userId: number, idempotencyKey: string): SQL {
  return sql`(SELECT ${orders.id} FROM ${orders} WHERE ${orders.userId} = ${userId} AND ${orders.idempotencyKey} = ${idempotencyKey})`;
}

/** The customer's pending orders, now. */
export function pendingOrderCount(userId: number): SQL<number> {
  return sql<number>`(SELECT count(*) FROM ${orders} WHERE ${orders.userId} = ${userId} AND ${orders.status} = 'pending')`;
}

/**
 * The customer's id while they hold fewer than `max` pending orders, else
 * NULL: written into orders.user_id (NOT NULL), it refuses the order that
 * would hoard more stock, inside the same transaction as every other guard.
 */
function userUnderPendingCap(userId: number, max: number): SQL<number> {
  return sql<number>`(SELECT ${userId} WHERE ${pendingOrderCount(userId)} < ${max})`;
}

/**
 * The order's lines: each variant's current price (NULL for one not on sale,
 * which NOT NULL refuses) and a snapshot of what it is (product, name, SKU,
 * options), so the order reads right after a rename or archive.
 */
function insertLines(db: Db, orderId: SQL, order: PlaceOrder) {
  const lines =
    order.source.kind === 'items'
      ? sql`(SELECT value ->> '$.variantId' AS variant_id, value ->> '$.quantity' AS quantity, key AS position
          FROM json_each(${JSON.stringify(order.source.lines)}))`
      : sql`(SELECT variant_id, quantity, id AS position FROM ${cartItems} WHERE user_id = ${order.userId})`;
  return db.run(sql`INSERT INTO ${orderItems}
      (order_id, variant_id, quantity, unit_price_cents, product_id, product_name, sku, options)
    SELECT ${orderId}, l.variant_id, l.quantity, ${activeVariantPrice(sql`l.variant_id`)}, v.product_id, p.name, v.sku, v.options
    FROM ${lines} l LEFT JOIN ${variants} v ON v.id = l.variant_id LEFT JOIN ${products} p ON p.id = v.product_id
    ORDER BY l.position`);
}

export function placeOrderBatch(db: Db, order: PlaceOrder) {
  const orderId = orderIdByKey(order.userId, order.idempotencyKey);
  const lineCount =
    order.source.kind === 'items'
      ? order.source.lines.length
      : sql<number>`(SELECT count(*) FROM ${cartItems} WHERE ${cartItems.userId} = ${order.userId})`;
  const statements = [
    db.insert(orders).values({
      userId: userUnderPendingCap(order.userId, order.maxPendingOrders),
      lineCount,
      idempotencyKey: order.idempotencyKey,
      requestHash: order.requestHash,
      updatedBy: order.userId,
    }),
    insertLines(db, orderId, order),
    db
      .update(orders)
      .set({
        totalCents: sql`(SELECT sum(${orderItems.quantity} * ${orderItems.unitPriceCents}) FROM ${orderItems} WHERE ${orderItems.orderId} = ${orderId})`,
      })
      .where(sql`${orders.id} = ${orderId}`),
    ...orderStockStatements(db, orderId, -1, 'sale', order.userId),
    db.insert(orderStatusHistory).values({ orderId, fromStatus: null, toStatus: 'pending', actorId: order.userId }),
  ] as const;
  const detail = orderDetailQuery(db, sql`o.id = ${orderId}`);
  return order.source.kind === 'cart'
    ? ([...statements, db.delete(cartItems).where(sql`${cartItems.userId} = ${order.userId}`), detail] as const)
    : ([...statements, detail] as const);
}

export type StatusChange = {
  orderId: number;
  to: OrderStatus;
  actor: Actor;
  note?: string;
  /** Compare-and-set: only when the order is in this status. */
  expectedStatus?: OrderStatus;
  /** Only the owner's order (a customer cancelling), and only from these statuses. */
  ownerId?: number;
  allowedFrom?: readonly OrderStatus[];
  /** Admin changes are audited in the same batch. */
  audit: boolean;
};

/**
 * A status change: an admin's audit row comes first (its actor guard refuses
 * a demoted admin before any other guard can reveal the order's state), then
 * the history row that carries the transition guards, the status UPDATE, and
 * for a cancellation every line back in stock.
 */
export function statusChangeBatch(
  db: Db,
  change: StatusChange,
): readonly [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] {
  const conditions = [sql`${orders.id} = ${change.orderId}`];
  if (change.expectedStatus) conditions.push(sql`${orders.status} = ${change.expectedStatus}`);
  if (change.ownerId !== undefined) conditions.push(sql`${orders.userId} = ${change.ownerId}`);
  if (change.allowedFrom) conditions.push(sql`${orders.status} IN ${change.allowedFrom}`);
  const guardedOrderId = sql<number>`(SELECT ${orders.id} FROM ${orders} WHERE ${sql.join(conditions, sql` AND `)})`;
  const history = db.insert(orderStatusHistory).values({
    orderId: guardedOrderId,
    fromStatus: sql`(SELECT ${orders.status} FROM ${orders} WHERE ${orders.id} = ${change.orderId})`,
    toStatus: change.to,
    actorId: change.actor.userId,
    note: change.note ?? null,
  });
  const rest: BatchItem<'sqlite'>[] = [
    db
      .update(orders)
      .set({ status: change.to, updatedBy: change.actor.userId, updatedAt: NOW })
      .where(sql`${orders.id} = ${change.orderId}`),
    ...(change.to === 'cancelled'
      ? orderStockStatements(db, change.orderId, 1, 'cancellation', change.actor.userId)
      : []),
  ];
  const detail = orderDetailQuery(db, sql`o.id = ${change.orderId}`);
  if (!change.audit) return [history, ...rest, detail];
  const action = `orders.${change.to === 'cancelled' ? 'cancel' : 'updateStatus'}`;
  return auditedStatements(db, change.actor, { action, target: `order:${change.orderId}` }, [history, ...rest, detail]);
}
