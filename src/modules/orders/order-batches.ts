/**
 * The write batches of the order engine. Each builder returns the statements
 * of ONE `db.batch`, one HTTP request run as one transaction, whose statements
 * guard themselves: the order row CHECKs its line count (an empty cart fails)
 * and its owner_key is NOT NULL (a customer or guest at the pending-order cap
 * fails),
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
import {
  addresses,
  cartItems,
  NOW,
  orderItems,
  orderStatusHistory,
  orders,
  products,
  variants,
} from '../../db/schema.ts';
import { orderStockStatements } from '../../db/stock.ts';
import type { AddressFields } from '../../shared/fields.ts';
import type { OrderStatus } from '../../shared/order-status.ts';
import { type CartOwner, cartIdOf } from '../cart/cart-owner.ts';
import { orderDetailQuery } from './order-detail.ts';
import type { OrderLine } from './orders.schema.ts';

/** Where an order's lines come from: the owner's cart, or the request itself. */
export type LineSource = { kind: 'cart' } | { kind: 'items'; lines: OrderLine[] };

/**
 * Where an order goes: an address typed in at checkout, one of the
 * customer's saved addresses, or their default one. The order keeps a copy
 * (ship_* columns), so a later edit of the address book does not move it.
 */
export type ShipTo =
  | { kind: 'typed'; address: AddressFields }
  | { kind: 'saved'; addressId: number; userId: number }
  | { kind: 'default'; userId: number };

export type PlaceOrder = {
  owner: CartOwner;
  /** A guest's email and the hash of their order link's access token; absent for a customer. */
  guest?: { email: string; accessTokenHash: string };
  shipTo: ShipTo;
  /** The most pending (unpaid, unshipped) orders one owner may hold; this one must fit under it. */
  maxPendingOrders: number;
  idempotencyKey: string;
  /** Fingerprint of what the key was used for; see orders.service. */
  requestHash: string;
  source: LineSource;
};

/** The new order's id, known before the batch through its natural key (owner, idempotency key). */
export function orderIdByKey(ownerKey: string, idempotencyKey: string): SQL {
  return sql`(SELECT ${orders.id} FROM ${orders} WHERE ${orders.ownerKey} = ${ownerKey} AND ${orders.idempotencyKey} = ${idempotencyKey})`;
}

/** The owner's pending orders, now. */
export function pendingOrderCount(ownerKey: string): SQL<number> {
  return sql<number>`(SELECT count(*) FROM ${orders} WHERE ${orders.ownerKey} = ${ownerKey} AND ${orders.status} = 'pending')`;
}

/**
 * The owner's key while they hold fewer than `max` pending orders, else
 * NULL: written into orders.owner_key (NOT NULL), it refuses the order that
 * would hoard more stock, inside the same transaction as every other guard.
 */
function ownerUnderPendingCap(ownerKey: string, max: number): SQL<string> {
  return sql<string>`(SELECT ${ownerKey} WHERE ${pendingOrderCount(ownerKey)} < ${max})`;
}

/** Which saved address a checkout names: the one given, if it is the customer's, or their default. */
export function savedAddressWhere(shipTo: Exclude<ShipTo, { kind: 'typed' }>): SQL {
  return shipTo.kind === 'saved'
    ? sql`${addresses.id} = ${shipTo.addressId} AND ${addresses.userId} = ${shipTo.userId}`
    : sql`${addresses.userId} = ${shipTo.userId} AND ${addresses.isDefault} = 1`;
}

/**
 * The address to copy into the order, as one row (name, line1, line2, city,
 * region, postal_code, country, phone); no row when a saved address is not
 * the customer's or they have no default, and then the order is never
 * inserted and the batch's later statements fail on its NULL id.
 */
function shipToRow(shipTo: ShipTo): SQL {
  const columns = sql.raw('name, line1, line2, city, region, postal_code, country, phone');
  if (shipTo.kind === 'typed') {
    const a = shipTo.address;
    return sql`(SELECT ${a.name} AS name, ${a.line1} AS line1, ${a.line2} AS line2, ${a.city} AS city,
      ${a.region} AS region, ${a.postalCode} AS postal_code, ${a.country} AS country, ${a.phone} AS phone)`;
  }
  return sql`(SELECT ${columns} FROM ${addresses} WHERE ${savedAddressWhere(shipTo)})`;
}

/** The order row: owner (under the pending cap), guest details, key, and the address copy. */
function insertOrder(db: Db, order: PlaceOrder, lineCount: SQL | number) {
  const userId = order.owner.kind === 'user' ? order.owner.userId : null;
  return db.run(sql`INSERT INTO ${orders} (owner_key, user_id, guest_email, access_token_hash, line_count,
      idempotency_key, request_hash, updated_by, ship_name, ship_line1, ship_line2, ship_city, ship_region,
      ship_postal_code, ship_country, ship_phone)
    SELECT ${ownerUnderPendingCap(order.owner.key, order.maxPendingOrders)}, ${userId}, ${order.guest?.email ?? null},
      ${order.guest?.accessTokenHash ?? null}, ${lineCount}, ${order.idempotencyKey}, ${order.requestHash}, ${userId},
      a.name, a.line1, a.line2, a.city, a.region, a.postal_code, a.country, a.phone
    FROM ${shipToRow(order.shipTo)} a`);
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
      : sql`(SELECT variant_id, quantity, id AS position FROM ${cartItems} WHERE cart_id = ${cartIdOf(order.owner)})`;
  return db.run(sql`INSERT INTO ${orderItems}
      (order_id, variant_id, quantity, unit_price_cents, product_id, product_name, sku, options)
    SELECT ${orderId}, l.variant_id, l.quantity, ${activeVariantPrice(sql`l.variant_id`)}, v.product_id, p.name, v.sku, v.options
    FROM ${lines} l LEFT JOIN ${variants} v ON v.id = l.variant_id LEFT JOIN ${products} p ON p.id = v.product_id
    ORDER BY l.position`);
}

export function placeOrderBatch(db: Db, order: PlaceOrder) {
  const orderId = orderIdByKey(order.owner.key, order.idempotencyKey);
  const actorId = order.owner.kind === 'user' ? order.owner.userId : null;
  const lineCount =
    order.source.kind === 'items'
      ? order.source.lines.length
      : sql<number>`(SELECT count(*) FROM ${cartItems} WHERE ${cartItems.cartId} = ${cartIdOf(order.owner)})`;
  const statements = [
    insertOrder(db, order, lineCount),
    insertLines(db, orderId, order),
    db
      .update(orders)
      .set({
        totalCents: sql`(SELECT sum(${orderItems.quantity} * ${orderItems.unitPriceCents}) FROM ${orderItems} WHERE ${orderItems.orderId} = ${orderId})`,
      })
      .where(sql`${orders.id} = ${orderId}`),
    ...orderStockStatements(db, orderId, -1, 'sale', actorId),
    // NOT NULL order_id: also the refusal when the address copy found no row.
    db.insert(orderStatusHistory).values({ orderId, fromStatus: null, toStatus: 'pending', actorId }),
  ] as const;
  const detail = orderDetailQuery(db, sql`o.id = ${orderId}`);
  return order.source.kind === 'cart'
    ? ([
        ...statements,
        db.delete(cartItems).where(sql`${cartItems.cartId} = ${cartIdOf(order.owner)}`),
        detail,
      ] as const)
    : ([...statements, detail] as const);
}

export type StatusChange = {
  /** The order's id, or SQL naming it (a guest's order by its link's token hash). */
  orderId: number | SQL<number>;
  to: OrderStatus;
  /** Null for a guest acting through their order link. */
  actor: Actor | null;
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
    actorId: change.actor?.userId ?? null,
    note: change.note ?? null,
  });
  const rest: BatchItem<'sqlite'>[] = [
    db
      .update(orders)
      .set({ status: change.to, updatedBy: change.actor?.userId ?? null, updatedAt: NOW })
      .where(sql`${orders.id} = ${change.orderId}`),
    ...(change.to === 'cancelled'
      ? orderStockStatements(db, change.orderId, 1, 'cancellation', change.actor?.userId ?? null)
      : []),
  ];
  const detail = orderDetailQuery(db, sql`o.id = ${change.orderId}`);
  if (!change.audit || !change.actor) return [history, ...rest, detail];
  const action = `orders.${change.to === 'cancelled' ? 'cancel' : 'updateStatus'}`;
  return auditedStatements(db, change.actor, { action, target: `order:${change.orderId}` }, [history, ...rest, detail]);
}
