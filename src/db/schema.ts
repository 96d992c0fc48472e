/**
 * Every table of Stockroom. Invariants that must hold under any concurrency
 * live here as constraints, so the database itself refuses a bad write and a
 * batch that breaks one rolls back whole.
 *
 * An index is here only for a read that uses it: every index on a table a
 * checkout writes (variants, cart_items, orders, order_items, history,
 * movements) is written by every checkout. Foreign-key columns that no read
 * filters on go without one: no user, product or variant is ever deleted, so
 * SQLite never looks their children up.
 */
import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { DISCOUNT_KINDS } from '../shared/admin-fields.ts';
import { FULFILMENT_STATUSES, fulfilmentTransitionPairs } from '../shared/fulfilment-status.ts';
import { IMAGE_CONTENT_TYPES } from '../shared/images.ts';
import {
  MAX_IMAGE_BYTES,
  MAX_LINE_QUANTITY,
  MAX_ORDER_LINES,
  MAX_ORDER_SUBTOTAL_CENTS,
  MAX_PERCENT_OFF,
  MAX_PRICE_CENTS,
  MAX_TAX_RATE_BPS,
} from '../shared/limits.ts';
import { ORDER_STATUSES, transitionPairs } from '../shared/order-status.ts';
import {
  PAYMENT_METHODS,
  PAYMENT_PROVIDERS,
  PAYMENT_STATUSES,
  paymentTransitionPairs,
} from '../shared/payment-status.ts';
import { RETURN_STATUSES, returnTransitionPairs } from '../shared/return-status.ts';
import { SHIPMENT_STATUSES, shipmentTransitionPairs } from '../shared/shipment-status.ts';

/** ISO-8601 UTC with milliseconds, the one timestamp format on disk and on the wire; also for updates. */
export const NOW = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
const createdAt = () => text('created_at').notNull().default(NOW);
const updatedAt = () => text('updated_at').notNull().default(NOW);

export const USER_ROLES = ['customer', 'admin'] as const;
/**
 * Why stock moved. A placed order's units leave as a `sale`; `cancellation`
 * and `expiry` bring an unsold order's (or its unshipped remainder's) back;
 * `return` brings back units a customer returned in a state to sell again.
 */
export const MOVEMENT_REASONS = [
  'initial',
  'sale',
  'cancellation',
  'restock',
  'adjustment',
  'expiry',
  'return',
] as const;

const quoted = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: USER_ROLES }).notNull().default('customer'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_email_lower_unique').on(sql`lower(${t.email})`),
    check('users_role_valid', sql.raw(`role IN (${quoted(USER_ROLES)})`)),
  ],
);

export const categories = sqliteTable(
  'categories',
  {
    id: integer('id').primaryKey(),
    parentId: integer('parent_id').references((): AnySQLiteColumn => categories.id),
    name: text('name').notNull(),
    slug: text('slug').notNull().unique(),
    createdAt: createdAt(),
  },
  (t) => [index('categories_parent_idx').on(t.parentId)],
);

export const products = sqliteTable(
  'products',
  {
    id: integer('id').primaryKey(),
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** The product's option names in display order, as a JSON array (e.g. ["Size","Colour"]); [] for none. */
    optionNames: text('option_names').notNull().default('[]'),
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('products_category_idx').on(t.categoryId), index('products_active_id_idx').on(t.isActive, t.id)],
);

/**
 * What is sold and stocked: one row per SKU. Every stock guarantee lives here:
 * CHECK (stock >= 0), the ledger row per change (src/db/stock.ts), and the
 * active flag that a sale's price guard reads together with its product's.
 */
export const variants = sqliteTable(
  'variants',
  {
    id: integer('id').primaryKey(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    sku: text('sku').notNull(),
    /** One value per option name of the product, as a JSON object (e.g. {"Size":"M"}); {} for none. */
    options: text('options').notNull().default('{}'),
    /** The options in a canonical text form, so UNIQUE (product_id, option_key) refuses a repeated combination. */
    optionKey: text('option_key').notNull().default(''),
    priceCents: integer('price_cents').notNull(),
    stock: integer('stock').notNull().default(0),
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('variants_sku_unique').on(t.sku),
    uniqueIndex('variants_product_options_unique').on(t.productId, t.optionKey),
    check('variants_stock_non_negative', sql`${t.stock} >= 0`),
    check('variants_price_valid', sql`${t.priceCents} BETWEEN 0 AND ${sql.raw(String(MAX_PRICE_CENTS))}`),
  ],
);

/**
 * A product's pictures, in `position` order. The bytes live in R2 under `key`
 * (made by the server); this row is what makes an image part of a product.
 * At most MAX_IMAGES_PER_PRODUCT per product: the upload's INSERT writes a
 * NULL position past that (src/modules/catalog/image-batches.ts), which
 * NOT NULL refuses even when two uploads race.
 */
export const productImages = sqliteTable(
  'product_images',
  {
    id: integer('id').primaryKey(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    key: text('key').notNull(),
    contentType: text('content_type', { enum: IMAGE_CONTENT_TYPES }).notNull(),
    bytes: integer('bytes').notNull(),
    position: integer('position').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('product_images_key_unique').on(t.key),
    index('product_images_product_position_idx').on(t.productId, t.position),
    check('product_images_content_type_valid', sql.raw(`content_type IN (${quoted(IMAGE_CONTENT_TYPES)})`)),
    check('product_images_bytes_valid', sql`${t.bytes} BETWEEN 1 AND ${sql.raw(String(MAX_IMAGE_BYTES))}`),
    check('product_images_position_valid', sql`${t.position} >= 0`),
  ],
);

/**
 * A cart, a signed-in customer's or a guest's. `owner_key` names the owner in
 * one column ('user:<id>' or 'guest:<sha-256 of the cart token>'), so a cart
 * is found, upserted and capped the same way for both; the token itself is
 * never stored. `updated_at` moves with every cart write, and the cron
 * removes guest carts left alone longer than GUEST_CART_TTL_HOURS.
 */
export const carts = sqliteTable(
  'carts',
  {
    id: integer('id').primaryKey(),
    ownerKey: text('owner_key').notNull(),
    userId: integer('user_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('carts_owner_key_unique').on(t.ownerKey),
    index('carts_updated_idx').on(t.updatedAt),
    check(
      'carts_owner_valid',
      sql`(${t.userId} IS NOT NULL AND ${t.ownerKey} = 'user:' || ${t.userId}) OR (${t.userId} IS NULL AND ${t.ownerKey} LIKE 'guest:%')`,
    ),
  ],
);

export const cartItems = sqliteTable(
  'cart_items',
  {
    id: integer('id').primaryKey(),
    cartId: integer('cart_id')
      .notNull()
      .references(() => carts.id),
    variantId: integer('variant_id')
      .notNull()
      .references(() => variants.id),
    quantity: integer('quantity').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('cart_items_cart_variant_unique').on(t.cartId, t.variantId),
    check('cart_items_quantity_positive', sql`${t.quantity} > 0`),
    check('cart_items_quantity_limit', sql`${t.quantity} <= ${sql.raw(String(MAX_LINE_QUANTITY))}`),
  ],
);

/**
 * A customer's saved addresses. At most MAX_ADDRESSES each (the insert's
 * user_id is NULL past it, which NOT NULL refuses even when two adds race),
 * and at most one default (a partial UNIQUE index).
 */
export const addresses = sqliteTable(
  'addresses',
  {
    id: integer('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    line1: text('line1').notNull(),
    line2: text('line2').notNull().default(''),
    city: text('city').notNull(),
    region: text('region').notNull().default(''),
    postalCode: text('postal_code').notNull(),
    country: text('country').notNull(),
    phone: text('phone').notNull().default(''),
    isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('addresses_user_idx').on(t.userId, t.id),
    uniqueIndex('addresses_one_default').on(t.userId).where(sql`${t.isDefault} = 1`),
    check('addresses_country_valid', sql`${t.country} GLOB '[A-Z][A-Z]'`),
  ],
);

/**
 * An order, a customer's or a guest's. `owner_key` is the cart's owner key
 * ('user:<id>' or 'guest:<token hash>'): the idempotency key is unique per
 * owner, and the pending-order cap counts per owner (the insert's owner_key is
 * NULL past the cap, which NOT NULL refuses). A guest order has no user: it
 * keeps the guest's email and the hash of the access token in its link.
 * The ship_* columns are the address as it was at checkout.
 */
export const orders = sqliteTable(
  'orders',
  {
    id: integer('id').primaryKey(),
    ownerKey: text('owner_key').notNull(),
    userId: integer('user_id').references(() => users.id),
    guestEmail: text('guest_email'),
    accessTokenHash: text('access_token_hash'),
    status: text('status', { enum: ORDER_STATUSES }).notNull().default('pending'),
    /** Delivery, apart from the order's status (src/shared/fulfilment-status.ts). */
    fulfilmentStatus: text('fulfilment_status', { enum: FULFILMENT_STATUSES }).notNull().default('unfulfilled'),
    /**
     * Until when a pending order holds its stock unpaid (ISO UTC); NULL: until
     * paid or cancelled. Past it, any checkout's batch puts the stock back on
     * sale before its own guards run, and the cron records the expiry.
     */
    holdExpiresAt: text('hold_expires_at'),
    /**
     * The price breakdown, computed inside the placing batch (src/modules/pricing):
     * total = subtotal - discount + shipping, plus tax only when prices exclude
     * it. NOT NULL doubles as guards: the total is NULL when it differs from
     * the one the shopper agreed to, shipping is NULL when the method does not
     * serve the address's country.
     */
    subtotalCents: integer('subtotal_cents').notNull().default(0),
    discountCents: integer('discount_cents').notNull().default(0),
    shippingCents: integer('shipping_cents').notNull().default(0),
    /** Tax on goods and shipping together; shippingTaxCents is the shipping's part of it. */
    taxCents: integer('tax_cents').notNull().default(0),
    shippingTaxCents: integer('shipping_tax_cents').notNull().default(0),
    totalCents: integer('total_cents').notNull().default(0),
    pricesIncludeTax: integer('prices_include_tax', { mode: 'boolean' }).notNull().default(false),
    currency: text('currency').notNull().default('USD'),
    shippingMethodId: integer('shipping_method_id').references((): AnySQLiteColumn => shippingMethods.id),
    shippingMethodName: text('shipping_method_name'),
    discountCodeId: integer('discount_code_id').references((): AnySQLiteColumn => discountCodes.id),
    discountCode: text('discount_code'),
    /** Number of lines; CHECKed so an order from an empty cart fails its batch. */
    lineCount: integer('line_count').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    /** What the key was first used for, so a reuse with other contents is told apart. */
    requestHash: text('request_hash').notNull(),
    shipName: text('ship_name'),
    shipLine1: text('ship_line1'),
    shipLine2: text('ship_line2'),
    shipCity: text('ship_city'),
    shipRegion: text('ship_region'),
    shipPostalCode: text('ship_postal_code'),
    shipCountry: text('ship_country'),
    shipPhone: text('ship_phone'),
    updatedBy: integer('updated_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('orders_owner_idempotency_unique').on(t.ownerKey, t.idempotencyKey),
    uniqueIndex('orders_access_token_unique').on(t.accessTokenHash),
    index('orders_user_created_idx').on(t.userId, t.id),
    index('orders_status_idx').on(t.status, t.id),
    index('orders_created_idx').on(t.createdAt),
    index('orders_hold_idx').on(t.status, t.holdExpiresAt),
    check('orders_status_valid', sql.raw(`status IN (${quoted(ORDER_STATUSES)})`)),
    check('orders_fulfilment_status_valid', sql.raw(`fulfilment_status IN (${quoted(FULFILMENT_STATUSES)})`)),
    check('orders_line_count_valid', sql`${t.lineCount} BETWEEN 1 AND ${sql.raw(String(MAX_ORDER_LINES))}`),
    check('orders_total_non_negative', sql`${t.totalCents} >= 0`),
    check(
      'orders_amounts_valid',
      sql`${t.subtotalCents} BETWEEN 0 AND ${sql.raw(String(MAX_ORDER_SUBTOTAL_CENTS))} AND ${t.discountCents} BETWEEN 0 AND ${t.subtotalCents} AND ${t.shippingCents} >= 0
        AND ${t.taxCents} >= 0 AND ${t.shippingTaxCents} BETWEEN 0 AND ${t.taxCents}
        AND ${t.totalCents} = ${t.subtotalCents} - ${t.discountCents} + ${t.shippingCents}
          + CASE WHEN ${t.pricesIncludeTax} THEN 0 ELSE ${t.taxCents} END`,
    ),
    check(
      'orders_owner_valid',
      sql`(${t.userId} IS NOT NULL AND ${t.ownerKey} = 'user:' || ${t.userId} AND ${t.guestEmail} IS NULL)
        OR (${t.userId} IS NULL AND ${t.ownerKey} LIKE 'guest:%' AND ${t.guestEmail} IS NOT NULL AND ${t.accessTokenHash} IS NOT NULL)`,
    ),
  ],
);

export const orderItems = sqliteTable(
  'order_items',
  {
    id: integer('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    variantId: integer('variant_id')
      .notNull()
      .references(() => variants.id),
    quantity: integer('quantity').notNull(),
    /** The price at purchase; NOT NULL doubles as the guard against archived or unknown variants. */
    unitPriceCents: integer('unit_price_cents').notNull(),
    /** The line's share of the order's discount, and its tax at its rate (basis points), in cents. */
    discountCents: integer('discount_cents').notNull().default(0),
    taxRateBps: integer('tax_rate_bps').notNull().default(0),
    taxCents: integer('tax_cents').notNull().default(0),
    /** What was bought, as it was called then, so an old order reads right after a rename or archive. */
    productId: integer('product_id').notNull(),
    productName: text('product_name').notNull(),
    sku: text('sku').notNull(),
    options: text('options').notNull().default('{}'),
    /**
     * The line's counters, each moved by the batch that makes it true, under
     * `order_items_fulfilment_valid`: units shipped (shipments), delivered
     * (deliveries), cancelled (the unshipped remainder), held by returns
     * (requested, approved or received), and refunded (their paid share sent
     * back: a cancelled remainder or a received return).
     */
    shippedQuantity: integer('shipped_quantity').notNull().default(0),
    deliveredQuantity: integer('delivered_quantity').notNull().default(0),
    cancelledQuantity: integer('cancelled_quantity').notNull().default(0),
    returnedQuantity: integer('returned_quantity').notNull().default(0),
    refundedQuantity: integer('refunded_quantity').notNull().default(0),
  },
  (t) => [
    uniqueIndex('order_items_order_variant_unique').on(t.orderId, t.variantId),
    // Never ship a unit twice or ship a cancelled one; deliver only what shipped; return only what was delivered.
    check(
      'order_items_fulfilment_valid',
      sql`${t.shippedQuantity} >= 0 AND ${t.cancelledQuantity} >= 0 AND ${t.shippedQuantity} + ${t.cancelledQuantity} <= ${t.quantity}
        AND ${t.deliveredQuantity} BETWEEN 0 AND ${t.shippedQuantity}
        AND ${t.returnedQuantity} BETWEEN 0 AND ${t.deliveredQuantity}
        AND ${t.refundedQuantity} BETWEEN 0 AND ${t.cancelledQuantity} + ${t.returnedQuantity}`,
    ),
    check('order_items_quantity_positive', sql`${t.quantity} > 0`),
    check('order_items_quantity_limit', sql`${t.quantity} <= ${sql.raw(String(MAX_LINE_QUANTITY))}`),
    check(
      'order_items_amounts_valid',
      sql`${t.discountCents} BETWEEN 0 AND ${t.quantity} * ${t.unitPriceCents} AND ${t.taxRateBps} BETWEEN 0 AND ${sql.raw(String(MAX_TAX_RATE_BPS))} AND ${t.taxCents} >= 0`,
    ),
  ],
);

/** A history table's CHECK: the pairs its shared map allows, plus the creation row (NULL -> the first state). */
function transitionCheck(pairs: ReadonlyArray<readonly [string, string]>, first: string) {
  return sql.raw(
    [
      `(from_status IS NULL AND to_status = '${first}')`,
      ...pairs.map(([from, to]) => `(from_status = '${from}' AND to_status = '${to}')`),
    ].join(' OR '),
  );
}

export const orderStatusHistory = sqliteTable(
  'order_status_history',
  {
    id: integer('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    fromStatus: text('from_status', { enum: ORDER_STATUSES }),
    toStatus: text('to_status', { enum: ORDER_STATUSES }).notNull(),
    /** Who moved the order; NULL for a guest acting through their order link. */
    actorId: integer('actor_id').references(() => users.id),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    index('order_status_history_order_idx').on(t.orderId, t.id),
    check('order_status_history_transition_valid', transitionCheck(transitionPairs(), 'pending')),
  ],
);

export const fulfilmentHistory = sqliteTable(
  'fulfilment_history',
  {
    id: integer('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    fromStatus: text('from_status', { enum: FULFILMENT_STATUSES }),
    toStatus: text('to_status', { enum: FULFILMENT_STATUSES }).notNull(),
    actorId: integer('actor_id').references(() => users.id),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    index('fulfilment_history_order_idx').on(t.orderId, t.id),
    check('fulfilment_history_transition_valid', transitionCheck(fulfilmentTransitionPairs(), 'unfulfilled')),
  ],
);

/**
 * A parcel: some units of some lines of one order, with its carrier and
 * tracking number, shipped then delivered (src/shared/shipment-status.ts).
 * Its lines are `shipment_items`; each shipment's batch adds them to the
 * order lines' shipped_quantity, whose CHECK refuses a unit shipped twice.
 */
export const shipments = sqliteTable(
  'shipments',
  {
    id: integer('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    carrier: text('carrier').notNull(),
    trackingNumber: text('tracking_number').notNull(),
    status: text('status', { enum: SHIPMENT_STATUSES }).notNull().default('shipped'),
    deliveredAt: text('delivered_at'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('shipments_order_idx').on(t.orderId, t.id),
    check('shipments_status_valid', sql.raw(`status IN (${quoted(SHIPMENT_STATUSES)})`)),
    check('shipments_delivered_at_valid', sql.raw(`(status = 'delivered') = (delivered_at IS NOT NULL)`)),
  ],
);

export const shipmentItems = sqliteTable(
  'shipment_items',
  {
    id: integer('id').primaryKey(),
    shipmentId: integer('shipment_id')
      .notNull()
      .references(() => shipments.id),
    orderItemId: integer('order_item_id')
      .notNull()
      .references(() => orderItems.id),
    quantity: integer('quantity').notNull(),
  },
  (t) => [
    uniqueIndex('shipment_items_shipment_line_unique').on(t.shipmentId, t.orderItemId),
    // The return window's question "when was this line last delivered?".
    index('shipment_items_line_idx').on(t.orderItemId),
    check('shipment_items_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

export const shipmentHistory = sqliteTable(
  'shipment_history',
  {
    id: integer('id').primaryKey(),
    shipmentId: integer('shipment_id')
      .notNull()
      .references(() => shipments.id),
    fromStatus: text('from_status', { enum: SHIPMENT_STATUSES }),
    toStatus: text('to_status', { enum: SHIPMENT_STATUSES }).notNull(),
    actorId: integer('actor_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('shipment_history_shipment_idx').on(t.shipmentId, t.id),
    check('shipment_history_transition_valid', transitionCheck(shipmentTransitionPairs(), 'shipped')),
  ],
);

/**
 * A customer's return of delivered units (src/shared/return-status.ts). Its
 * lines are `return_items`; the request's batch adds them to the order
 * lines' returned_quantity, whose CHECK (≤ delivered) refuses two returns
 * racing for the last unit. `refund_cents` is what its receipt refunded,
 * computed in that batch (src/modules/payments/paid-share.ts).
 */
export const returns = sqliteTable(
  'returns',
  {
    id: integer('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    status: text('status', { enum: RETURN_STATUSES }).notNull().default('requested'),
    reason: text('reason').notNull(),
    refundCents: integer('refund_cents').notNull().default(0),
    requestedBy: integer('requested_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('returns_order_idx').on(t.orderId, t.id),
    index('returns_status_idx').on(t.status, t.id),
    check('returns_status_valid', sql.raw(`status IN (${quoted(RETURN_STATUSES)})`)),
    check('returns_refund_non_negative', sql`${t.refundCents} >= 0`),
  ],
);

export const returnItems = sqliteTable(
  'return_items',
  {
    id: integer('id').primaryKey(),
    returnId: integer('return_id')
      .notNull()
      .references(() => returns.id),
    orderItemId: integer('order_item_id')
      .notNull()
      .references(() => orderItems.id),
    quantity: integer('quantity').notNull(),
    /** Set on receipt: back on sale (a `return` ledger row) or not (damaged); NULL until then. */
    restock: integer('restock', { mode: 'boolean' }),
    refundCents: integer('refund_cents').notNull().default(0),
  },
  (t) => [
    uniqueIndex('return_items_return_line_unique').on(t.returnId, t.orderItemId),
    check('return_items_quantity_positive', sql`${t.quantity} > 0`),
    check('return_items_refund_non_negative', sql`${t.refundCents} >= 0`),
  ],
);

export const returnHistory = sqliteTable(
  'return_history',
  {
    id: integer('id').primaryKey(),
    returnId: integer('return_id')
      .notNull()
      .references(() => returns.id),
    fromStatus: text('from_status', { enum: RETURN_STATUSES }),
    toStatus: text('to_status', { enum: RETURN_STATUSES }).notNull(),
    actorId: integer('actor_id').references(() => users.id),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    index('return_history_return_idx').on(t.returnId, t.id),
    check('return_history_transition_valid', transitionCheck(returnTransitionPairs(), 'requested')),
  ],
);

/**
 * One payment per order, created with it. Its amounts are guarded here:
 * captured ≤ authorized ≤ amount, a captured payment captured exactly the
 * order's total (amount_cents), refunds reserved (refund rows written,
 * whether or not the provider has confirmed them yet) never exceed what was
 * captured, and refunded ≤ reserved.
 */
export const payments = sqliteTable(
  'payments',
  {
    id: integer('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    provider: text('provider', { enum: PAYMENT_PROVIDERS }).notNull(),
    method: text('method', { enum: PAYMENT_METHODS }).notNull(),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull().default('pending'),
    amountCents: integer('amount_cents').notNull(),
    authorizedCents: integer('authorized_cents').notNull().default(0),
    capturedCents: integer('captured_cents').notNull().default(0),
    refundReservedCents: integer('refund_reserved_cents').notNull().default(0),
    refundedCents: integer('refunded_cents').notNull().default(0),
    /** What the provider calls it: a transfer's reference, a Stripe PaymentIntent id. */
    reference: text('reference'),
    /** A Stripe Checkout Session: its id and the URL the shopper pays at. */
    sessionId: text('session_id'),
    sessionUrl: text('session_url'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('payments_order_unique').on(t.orderId),
    uniqueIndex('payments_session_unique').on(t.sessionId),
    index('payments_status_idx').on(t.status),
    check('payments_status_valid', sql.raw(`status IN (${quoted(PAYMENT_STATUSES)})`)),
    check(
      'payments_amounts_valid',
      sql`${t.amountCents} >= 0 AND ${t.capturedCents} BETWEEN 0 AND ${t.authorizedCents}
        AND ${t.authorizedCents} BETWEEN 0 AND ${t.amountCents}
        AND ${t.refundedCents} BETWEEN 0 AND ${t.refundReservedCents}
        AND ${t.refundReservedCents} BETWEEN 0 AND ${t.capturedCents}`,
    ),
    check(
      'payments_captured_whole',
      sql.raw(`status NOT IN ('captured', 'partially_refunded', 'refunded') OR captured_cents = amount_cents`),
    ),
  ],
);

export const paymentStatusHistory = sqliteTable(
  'payment_status_history',
  {
    id: integer('id').primaryKey(),
    paymentId: integer('payment_id')
      .notNull()
      .references(() => payments.id),
    fromStatus: text('from_status', { enum: PAYMENT_STATUSES }),
    toStatus: text('to_status', { enum: PAYMENT_STATUSES }).notNull(),
    actorId: integer('actor_id').references(() => users.id),
    /** What moved it: checkout, admin, webhook, return (the shopper back from the provider), cron. */
    source: text('source').notNull(),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    index('payment_status_history_payment_idx').on(t.paymentId, t.id),
    check('payment_status_history_transition_valid', transitionCheck(paymentTransitionPairs(), 'pending')),
  ],
);

/**
 * Every provider event applied, by the provider's own id: UNIQUE, and in the
 * same batch as the state change it causes, so an event delivered ten times
 * at once, or again an hour later, changes things once.
 */
export const paymentEvents = sqliteTable(
  'payment_events',
  {
    id: integer('id').primaryKey(),
    provider: text('provider', { enum: PAYMENT_PROVIDERS }).notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    paymentId: integer('payment_id').references(() => payments.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('payment_events_provider_event_unique').on(t.provider, t.eventId),
    // The cron's question "has any event settled this card payment's session?" (payments/stripe/reconcile.ts).
    index('payment_events_payment_idx').on(t.paymentId, t.type),
  ],
);

export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;

/**
 * A refund is written (and its amount reserved on the payment) BEFORE the
 * provider is called; the provider call carries `idempotency_key`, made from
 * this row's id, so a retry (by the cron, after a Worker died mid-call) can
 * never refund twice.
 */
export const refunds = sqliteTable(
  'refunds',
  {
    id: integer('id').primaryKey(),
    paymentId: integer('payment_id')
      .notNull()
      .references(() => payments.id),
    amountCents: integer('amount_cents').notNull(),
    status: text('status', { enum: REFUND_STATUSES }).notNull().default('pending'),
    reason: text('reason').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    /** The provider's id for it (a Stripe refund id; a manual refund's bank reference). */
    reference: text('reference'),
    attempts: integer('attempts').notNull().default(0),
    actorId: integer('actor_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('refunds_idempotency_unique').on(t.idempotencyKey),
    index('refunds_payment_idx').on(t.paymentId),
    index('refunds_status_idx').on(t.status),
    check('refunds_amount_positive', sql`${t.amountCents} > 0`),
    check('refunds_status_valid', sql.raw(`status IN (${quoted(REFUND_STATUSES)})`)),
  ],
);

export const inventoryMovements = sqliteTable(
  'inventory_movements',
  {
    id: integer('id').primaryKey(),
    variantId: integer('variant_id')
      .notNull()
      .references(() => variants.id),
    quantityChange: integer('quantity_change').notNull(),
    reason: text('reason', { enum: MOVEMENT_REASONS }).notNull(),
    orderId: integer('order_id').references(() => orders.id),
    actorId: integer('actor_id').references(() => users.id),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    index('inventory_movements_variant_idx').on(t.variantId, t.id),
    index('inventory_movements_order_idx').on(t.orderId),
    check('inventory_movements_change_non_zero', sql`${t.quantityChange} <> 0`),
    check('inventory_movements_reason_valid', sql.raw(`reason IN (${quoted(MOVEMENT_REASONS)})`)),
  ],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey(),
    actorId: integer('actor_id')
      .notNull()
      .references(() => users.id),
    action: text('action').notNull(),
    target: text('target').notNull(),
    requestId: text('request_id').notNull(),
    clientIp: text('client_ip'),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_actor_idx').on(t.actorId), index('audit_log_created_idx').on(t.createdAt)],
);

/**
 * Shipping: a zone is a set of countries (each country in at most one zone:
 * UNIQUE), and each zone has methods with a flat price, free from a subtotal
 * (after discount) when `free_above_cents` is set.
 */
export const shippingZones = sqliteTable('shipping_zones', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const shippingZoneCountries = sqliteTable(
  'shipping_zone_countries',
  {
    id: integer('id').primaryKey(),
    zoneId: integer('zone_id')
      .notNull()
      .references(() => shippingZones.id),
    country: text('country').notNull(),
  },
  (t) => [
    uniqueIndex('shipping_zone_countries_country_unique').on(t.country),
    index('shipping_zone_countries_zone_idx').on(t.zoneId),
    check('shipping_zone_countries_country_valid', sql`${t.country} GLOB '[A-Z][A-Z]'`),
  ],
);

export const shippingMethods = sqliteTable(
  'shipping_methods',
  {
    id: integer('id').primaryKey(),
    zoneId: integer('zone_id')
      .notNull()
      .references(() => shippingZones.id),
    name: text('name').notNull(),
    priceCents: integer('price_cents').notNull(),
    freeAboveCents: integer('free_above_cents'),
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('shipping_methods_zone_idx').on(t.zoneId),
    check('shipping_methods_price_valid', sql`${t.priceCents} BETWEEN 0 AND ${sql.raw(String(MAX_PRICE_CENTS))}`),
    check('shipping_methods_free_above_valid', sql`${t.freeAboveCents} IS NULL OR ${t.freeAboveCents} >= 0`),
  ],
);

/**
 * Tax rates per destination country, in basis points (1900 = 19%), with an
 * optional category: a line's rate is its product category's rate for the
 * country when there is one, else the country's default (category NULL), else
 * none. Shipping is taxed at the country's default rate when that rate says so.
 */
export const taxRates = sqliteTable(
  'tax_rates',
  {
    id: integer('id').primaryKey(),
    country: text('country').notNull(),
    categoryId: integer('category_id').references(() => categories.id),
    name: text('name').notNull(),
    rateBps: integer('rate_bps').notNull(),
    appliesToShipping: integer('applies_to_shipping', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One default rate per country, and one rate per (country, category).
    uniqueIndex('tax_rates_country_default_unique').on(t.country).where(sql`${t.categoryId} IS NULL`),
    uniqueIndex('tax_rates_country_category_unique').on(t.country, t.categoryId),
    check('tax_rates_country_valid', sql`${t.country} GLOB '[A-Z][A-Z]'`),
    check('tax_rates_rate_valid', sql`${t.rateBps} BETWEEN 0 AND ${sql.raw(String(MAX_TAX_RATE_BPS))}`),
    check('tax_rates_shipping_default_only', sql`${t.categoryId} IS NULL OR ${t.appliesToShipping} = 0`),
  ],
);

/**
 * Discount codes, case-insensitive (UNIQUE on lower(code)). The total usage
 * limit is a CHECK on `used_count`, which each checkout's batch increments
 * and each cancellation decrements: 500 racing checkouts for a code with
 * limit 100 give exactly 100 discounted orders.
 */
export const discountCodes = sqliteTable(
  'discount_codes',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull(),
    kind: text('kind', { enum: DISCOUNT_KINDS }).notNull(),
    /** Percent: whole percent 1..100; fixed: cents off the goods. */
    value: integer('value').notNull(),
    minSubtotalCents: integer('min_subtotal_cents').notNull().default(0),
    startsAt: text('starts_at'),
    endsAt: text('ends_at'),
    usageLimit: integer('usage_limit'),
    usedCount: integer('used_count').notNull().default(0),
    perCustomerLimit: integer('per_customer_limit'),
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('discount_codes_code_unique').on(sql`lower(${t.code})`),
    check('discount_codes_kind_valid', sql.raw(`kind IN (${quoted(DISCOUNT_KINDS)})`)),
    check(
      'discount_codes_value_valid',
      sql`(${t.kind} = 'percent' AND ${t.value} BETWEEN 1 AND ${sql.raw(String(MAX_PERCENT_OFF))}) OR (${t.kind} = 'fixed' AND ${t.value} BETWEEN 1 AND ${sql.raw(String(MAX_PRICE_CENTS))})`,
    ),
    check(
      'discount_codes_used_within_limit',
      sql`${t.usedCount} >= 0 AND (${t.usageLimit} IS NULL OR ${t.usedCount} <= ${t.usageLimit})`,
    ),
    check('discount_codes_per_customer_valid', sql`${t.perCustomerLimit} IS NULL OR ${t.perCustomerLimit} >= 1`),
    check(
      'discount_codes_dates_valid',
      sql`${t.startsAt} IS NULL OR ${t.endsAt} IS NULL OR ${t.startsAt} < ${t.endsAt}`,
    ),
  ],
);

/**
 * One row per order that used a code, naming who used it ('user:<id>' or
 * 'email:<lowercased email>' for a guest), for the per-customer limit. A
 * cancellation deletes its row in the same batch that gives the use back.
 */
export const discountRedemptions = sqliteTable(
  'discount_redemptions',
  {
    id: integer('id').primaryKey(),
    discountCodeId: integer('discount_code_id')
      .notNull()
      .references(() => discountCodes.id),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    redeemerKey: text('redeemer_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('discount_redemptions_order_unique').on(t.orderId),
    index('discount_redemptions_code_redeemer_idx').on(t.discountCodeId, t.redeemerKey),
  ],
);
