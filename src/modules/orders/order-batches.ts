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
import { type DriverValueEncoder, type SQL, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { type Actor, auditedStatements } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import {
  addresses,
  cartItems,
  discountCodes,
  discountRedemptions,
  NOW,
  orderItems,
  orderStatusHistory,
  orders,
  paymentStatusHistory,
  payments,
} from '../../db/schema.ts';
import { orderStockStatements } from '../../db/stock.ts';
import type { AddressFields } from '../../shared/fields.ts';
import type { OrderStatus } from '../../shared/order-status.ts';
import type { PaymentMethod, PaymentProvider } from '../../shared/payment-status.ts';
import type { StoreSettings } from '../../shared/store-settings.ts';
import { type CartOwner, cartIdOf } from '../cart/cart-owner.ts';
import { expireHoldsStatements } from '../payments/hold-expiry.ts';
import { fullRefundStatements } from '../payments/payment-batches.ts';
import { type PricingInput, pricedLines, pricedTotals } from '../pricing/pricing-sql.ts';
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
  pricing: OrderPricing;
  payment: OrderPayment;
};

/** How the order is paid, and how long it holds its stock unpaid. */
export type OrderPayment = {
  provider: PaymentProvider;
  method: PaymentMethod;
  /** The hold's length; null: until paid or cancelled. */
  holdMinutes: number | null;
};

/** The choices the order is priced with, and the store settings it is priced under. */
export type OrderPricing = {
  shippingMethodId: number;
  discountCode: string | null;
  /** Who redeems the code, for its per-customer limit: 'user:<id>' or 'email:<lowercased email>'. */
  redeemerKey: string;
  /** The total the shopper agreed to; the batch refuses any other (undefined: whatever it comes to). */
  expectedTotalCents?: number;
  store: StoreSettings;
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

/** The destination country: the typed address's, or the saved one's (no row: NULL, and no order). */
export function countryOf(shipTo: ShipTo): SQL | string {
  if (shipTo.kind === 'typed') return shipTo.address.country;
  return sql`(SELECT ${addresses.country} FROM ${addresses} WHERE ${savedAddressWhere(shipTo)})`;
}

/** What the pricing definition needs to price this order. */
export function pricingInputOf(order: PlaceOrder): PricingInput {
  return {
    source: order.source.kind === 'cart' ? { kind: 'cart', owner: order.owner } : order.source,
    country: countryOf(order.shipTo),
    shippingMethodId: order.pricing.shippingMethodId,
    discountCode: order.pricing.discountCode,
    pricesIncludeTax: order.pricing.store.pricesIncludeTax,
  };
}

/**
 * The order row: owner (under the pending cap), guest details, key, the
 * address copy, and every amount from the pricing definition. Its guards:
 * shipping_cents NULL when the method does not serve the country, total_cents
 * NULL when the total is not the one the shopper agreed to (NOT NULL both).
 */
function insertOrder(db: Db, order: PlaceOrder) {
  const userId = order.owner.kind === 'user' ? order.owner.userId : null;
  const { expectedTotalCents, store } = order.pricing;
  const total =
    expectedTotalCents === undefined ? sql`t.total` : sql`CASE WHEN t.total = ${expectedTotalCents} THEN t.total END`;
  return db.run(sql`INSERT INTO ${orders} (owner_key, user_id, guest_email, access_token_hash, line_count,
      idempotency_key, request_hash, updated_by, ship_name, ship_line1, ship_line2, ship_city, ship_region,
      ship_postal_code, ship_country, ship_phone, subtotal_cents, discount_cents, shipping_cents, tax_cents,
      shipping_tax_cents, total_cents, prices_include_tax, currency, shipping_method_id, shipping_method_name,
      discount_code_id, discount_code, hold_expires_at)
    SELECT ${ownerUnderPendingCap(order.owner.key, order.maxPendingOrders)}, ${userId}, ${order.guest?.email ?? null},
      ${order.guest?.accessTokenHash ?? null}, t.line_count, ${order.idempotencyKey}, ${order.requestHash}, ${userId},
      a.name, a.line1, a.line2, a.city, a.region, a.postal_code, a.country, a.phone,
      t.subtotal, t.discount, t.shipping, t.tax, t.shipping_tax, ${total}, ${store.pricesIncludeTax}, ${store.currency},
      ${order.pricing.shippingMethodId}, t.shipping_name, t.code_id, t.code, ${holdUntil(order.payment.holdMinutes)}
    FROM ${shipToRow(order.shipTo)} a, (${pricedTotals(pricingInputOf(order))}) t`);
}

/** A hold's length as SQLite's date modifier; encoded as it is bound, so a prepared batch (prepared-batch.ts) can leave it a placeholder. */
const HOLD_MODIFIER: DriverValueEncoder<number, string> = {
  mapToDriverValue: (minutes) => `+${Math.trunc(minutes)} minutes`,
};

/** The hold's end by the database's clock, or NULL for a hold until paid or cancelled. */
function holdUntil(minutes: number | null): SQL {
  return minutes === null
    ? sql`NULL`
    : sql`strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${sql.param(minutes, HOLD_MODIFIER)})`;
}

/** The order's payment, pending for its whole total, and its creation history row. */
function insertPayment(db: Db, orderId: SQL, order: PlaceOrder, actorId: number | null) {
  return [
    db.run(sql`INSERT INTO ${payments} (order_id, provider, method, amount_cents)
      SELECT id, ${order.payment.provider}, ${order.payment.method}, total_cents FROM ${orders} WHERE id = ${orderId}`),
    db.insert(paymentStatusHistory).values({
      paymentId: sql`(SELECT ${payments.id} FROM ${payments} WHERE ${payments.orderId} = ${orderId})`,
      fromStatus: null,
      toStatus: 'pending',
      actorId,
      source: 'checkout',
    }),
  ] as const;
}

/**
 * The order's lines from the same pricing definition: each variant's current
 * price (NULL for one not on sale, which NOT NULL refuses), its discount
 * share and tax, and a snapshot of what it is (product, name, SKU, options),
 * so the order reads right after a rename or archive.
 */
function insertLines(db: Db, orderId: SQL, order: PlaceOrder) {
  return db.run(sql`INSERT INTO ${orderItems} (order_id, variant_id, quantity, unit_price_cents, product_id,
      product_name, sku, options, discount_cents, tax_rate_bps, tax_cents)
    SELECT ${orderId}, variant_id, quantity, unit_price, product_id, product_name, sku, options, discount_share, rate, tax
    FROM (${pricedLines(pricingInputOf(order))})`);
}

/**
 * The code's use, when the order names one: used_count + 1 (its CHECK
 * refuses a use past the limit), and the redemption row, whose code id is
 * NULL (NOT NULL refuses it) when the code did not apply or this customer
 * (or guest email) has used it as often as it allows.
 */
function redeemCode(db: Db, orderId: SQL, redeemerKey: string) {
  const codeId = sql`(SELECT ${orders.discountCodeId} FROM ${orders} WHERE ${orders.id} = ${orderId})`;
  return [
    db
      .update(discountCodes)
      .set({ usedCount: sql`${discountCodes.usedCount} + 1`, updatedAt: NOW })
      .where(sql`${discountCodes.id} = ${codeId}`),
    db.insert(discountRedemptions).values({
      discountCodeId: sql`(SELECT d.id FROM ${discountCodes} d WHERE d.id = ${codeId} AND (d.per_customer_limit IS NULL
        OR (SELECT count(*) FROM ${discountRedemptions} r WHERE r.discount_code_id = d.id AND r.redeemer_key = ${redeemerKey})
          < d.per_customer_limit))`,
      orderId,
      redeemerKey,
    }),
  ] as const;
}

export function placeOrderBatch(db: Db, order: PlaceOrder) {
  const orderId = orderIdByKey(order.owner.key, order.idempotencyKey);
  const actorId = order.owner.kind === 'user' ? order.owner.userId : null;
  const statements = [
    // Holds that ran out give their stock back first, so this order's guards see it.
    ...expireHoldsStatements(db, 'checkout'),
    insertOrder(db, order),
    insertLines(db, orderId, order),
    ...(order.pricing.discountCode === null ? [] : redeemCode(db, orderId, order.pricing.redeemerKey)),
    ...orderStockStatements(db, orderId, -1, 'sale', actorId),
    // NOT NULL order_id: also the refusal when the address copy found no row.
    db.insert(orderStatusHistory).values({ orderId, fromStatus: null, toStatus: 'pending', actorId }),
    ...insertPayment(db, orderId, order, actorId),
  ];
  const detail = orderDetailQuery(db, sql`o.id = ${orderId}`);
  const cartStatements =
    order.source.kind === 'cart'
      ? [db.delete(cartItems).where(sql`${cartItems.cartId} = ${cartIdOf(order.owner)}`)]
      : [];
  return [...statements, ...cartStatements, detail] as unknown as readonly [
    BatchItem<'sqlite'>,
    ...BatchItem<'sqlite'>[],
  ];
}

/**
 * What a cancellation undoes, in its batch: the stock back on sale, the code
 * use back, an unpaid payment voided, and captured money refunded in full (a
 * pending refund row, reserved on the payment, before any provider call).
 *
 * A pending card payment is not voided but expired: its Checkout Session may
 * still be paid (an open tab, a payment in flight as the customer cancels),
 * and from expired the provider's success is still captured and, the order
 * being cancelled, refunded in full. Voided is final, and would leave that
 * money taken and never refunded.
 */
function cancellationStatements(db: Db, orderId: number | SQL<number>, actor: Actor | null): BatchItem<'sqlite'>[] {
  const paymentActor = { actorId: actor?.userId ?? null, source: actor ? 'admin' : 'checkout' } as const;
  const unpaid = sql`${payments.status} IN ('pending', 'failed', 'expired', 'authorized')`;
  const stillPayable = sql`(${payments.provider} = 'stripe' AND ${payments.status} = 'pending')`;
  const next = sql`CASE WHEN ${stillPayable} THEN 'expired' ELSE 'voided' END`;
  return [
    ...orderStockStatements(db, orderId, 1, 'cancellation', actor?.userId ?? null),
    ...returnCodeUse(db, orderId),
    db.run(sql`INSERT INTO ${paymentStatusHistory} (payment_id, from_status, to_status, actor_id, source, note)
      SELECT id, status, ${next}, ${paymentActor.actorId}, ${paymentActor.source}, 'order cancelled'
      FROM ${payments} WHERE order_id = ${orderId} AND ${unpaid}`),
    db
      .update(payments)
      .set({ status: next, updatedAt: NOW })
      .where(sql`${payments.orderId} = ${orderId} AND ${unpaid}`),
    ...fullRefundStatements(db, orderId, sql`1`, 'order cancelled', paymentActor),
  ];
}

/** A cancellation gives its order's code use back: used_count - 1 and the redemption row gone, in its batch. */
function returnCodeUse(db: Db, orderId: number | SQL<number>) {
  const redeemed = sql`(SELECT ${discountRedemptions.discountCodeId} FROM ${discountRedemptions} WHERE ${discountRedemptions.orderId} = ${orderId})`;
  return [
    db
      .update(discountCodes)
      .set({ usedCount: sql`${discountCodes.usedCount} - 1`, updatedAt: NOW })
      .where(sql`${discountCodes.id} = ${redeemed}`),
    db.delete(discountRedemptions).where(sql`${discountRedemptions.orderId} = ${orderId}`),
  ];
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
  // An order with units on their way is past cancelling whole: its unshipped remainder may be (shipments.cancelRemainder).
  if (change.to === 'cancelled') {
    conditions.push(
      sql`NOT EXISTS (SELECT 1 FROM ${orderItems} WHERE ${orderItems.orderId} = ${change.orderId} AND ${orderItems.shippedQuantity} > 0)`,
    );
  }
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
      // A confirmed order's hold is over: its stock is sold, whatever the clock says.
      .set({
        status: change.to,
        updatedBy: change.actor?.userId ?? null,
        updatedAt: NOW,
        ...(change.to === 'confirmed' ? { holdExpiresAt: null } : {}),
      })
      .where(sql`${orders.id} = ${change.orderId}`),
    ...(change.to === 'cancelled' ? cancellationStatements(db, change.orderId, change.actor) : []),
  ];
  const detail = orderDetailQuery(db, sql`o.id = ${change.orderId}`);
  if (!change.audit || !change.actor) return [history, ...rest, detail];
  const action = `orders.${change.to === 'cancelled' ? 'cancel' : 'updateStatus'}`;
  return auditedStatements(db, change.actor, { action, target: `order:${change.orderId}` }, [history, ...rest, detail]);
}
