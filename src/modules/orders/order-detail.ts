/**
 * An order with its items, customer and status history, in ONE statement
 * (JSON aggregation instead of N+1 queries). The same statement closes the
 * write batches, so a write returns the order without a second round trip.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { FulfilmentStatus } from '../../shared/fulfilment-status.ts';
import type { OrderStatus } from '../../shared/order-status.ts';
import type { PaymentMethod, PaymentProvider, PaymentStatus } from '../../shared/payment-status.ts';
import type { ReturnStatus } from '../../shared/return-status.ts';
import type { ShipmentStatus } from '../../shared/shipment-status.ts';
import { paymentDetailSql } from '../payments/payment-batches.ts';

export type OrderItem = {
  variantId: number;
  productId: number;
  /** The product's name, SKU and options as they were when the order was placed. */
  name: string;
  sku: string;
  options: Record<string, string>;
  quantity: number;
  unitPriceCents: number;
  subtotalCents: number;
  /** The line's share of the order's discount, its tax rate (basis points) and its tax. */
  discountCents: number;
  taxRateBps: number;
  taxCents: number;
  /** Units shipped, delivered, cancelled (the unshipped remainder), held by returns, and refunded. */
  shippedQuantity: number;
  deliveredQuantity: number;
  cancelledQuantity: number;
  returnedQuantity: number;
  refundedQuantity: number;
};

/** A parcel of the order, with its tracking, as the storefront shows it. */
export type OrderShipment = {
  id: number;
  carrier: string;
  trackingNumber: string;
  status: ShipmentStatus;
  createdAt: string;
  deliveredAt: string | null;
  items: Array<{ variantId: number; quantity: number }>;
};

/** A return of the order's units: what was asked, decided, received and refunded. */
export type OrderReturn = {
  id: number;
  status: ReturnStatus;
  reason: string;
  /** What its receipt refunded (0 until received). */
  refundCents: number;
  createdAt: string;
  updatedAt: string;
  items: Array<{ variantId: number; quantity: number; restock: boolean | null; refundCents: number }>;
  history: Array<{ fromStatus: ReturnStatus | null; toStatus: ReturnStatus; note: string | null; createdAt: string }>;
};

/** The order's amounts (see src/modules/pricing/pricing-sql.ts for how each is computed). */
export type OrderAmounts = {
  currency: string;
  pricesIncludeTax: boolean;
  subtotalCents: number;
  discountCents: number;
  shippingCents: number;
  taxCents: number;
  shippingTaxCents: number;
  /** The shipping method's name and the code as they were at checkout; null for orders from before pricing. */
  shippingMethodName: string | null;
  discountCode: string | null;
  /** Tax by rate: the goods' lines grouped by rate, then the shipping's. */
  taxLines: Array<{ rateBps: number | null; on: 'goods' | 'shipping'; taxCents: number }>;
};

export type OrderHistoryEntry = {
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  /** Null when a guest acted through their order link. */
  actorId: number | null;
  note: string | null;
  createdAt: string;
};

export type OrderPaymentDetail = {
  id: number;
  provider: PaymentProvider;
  method: PaymentMethod;
  status: PaymentStatus;
  amountCents: number;
  capturedCents: number;
  refundedCents: number;
  /** Refunds written but not yet confirmed by the provider (or, for the manual provider, by an admin). */
  refundPendingCents: number;
  reference: string | null;
  /** Where a card order is paid (a Stripe Checkout Session). */
  sessionUrl: string | null;
  refunds: Array<{
    id: number;
    amountCents: number;
    status: string;
    reason: string;
    reference: string | null;
    createdAt: string;
  }>;
  history: Array<{
    fromStatus: PaymentStatus | null;
    toStatus: PaymentStatus;
    source: string;
    note: string | null;
    createdAt: string;
  }>;
};

export type OrderDetail = OrderAmounts & {
  id: number;
  status: OrderStatus;
  fulfilmentStatus: FulfilmentStatus;
  /** Until when a pending order holds its stock unpaid; null: until paid or cancelled. */
  holdExpiresAt: string | null;
  /** Null only for orders from before payments (every order since has one). */
  payment: OrderPaymentDetail | null;
  totalCents: number;
  idempotencyKey: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: number | null;
  /** The customer, or for a guest order (id null) the guest's email and the name they shipped to. */
  customer: { id: number | null; name: string; email: string };
  /** The address as it was at checkout; null only for orders placed before addresses existed. */
  shipTo: ShippingAddress | null;
  items: OrderItem[];
  shipments: OrderShipment[];
  returns: OrderReturn[];
  history: OrderHistoryEntry[];
};

export type ShippingAddress = {
  name: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  phone: string;
};

type OrderDetailRow = Omit<
  OrderDetail,
  'customer' | 'shipTo' | 'items' | 'shipments' | 'returns' | 'history' | 'taxLines' | 'payment'
> & {
  requestHash: string;
  payment: string | null;
  taxLines: string;
  customer: string;
  shipTo: string | null;
  items: string;
  shipments: string;
  returns: string;
  history: string;
};

/** The detail query for the orders matching `where` (a condition on alias `o`). */
export function orderDetailQuery(db: Db, where: SQL) {
  return db.all<OrderDetailRow>(sql`
    SELECT o.id, o.status, o.total_cents AS totalCents, o.idempotency_key AS idempotencyKey,
      o.fulfilment_status AS fulfilmentStatus, o.hold_expires_at AS holdExpiresAt,
      ${paymentDetailSql(sql`o.id`)} AS payment,
      o.currency, o.prices_include_tax AS pricesIncludeTax, o.subtotal_cents AS subtotalCents,
      o.discount_cents AS discountCents, o.shipping_cents AS shippingCents, o.tax_cents AS taxCents,
      o.shipping_tax_cents AS shippingTaxCents, o.shipping_method_name AS shippingMethodName,
      o.discount_code AS discountCode,
      (SELECT json_group_array(json_object('rateBps', rate, 'on', kind, 'taxCents', tax)) FROM (
          SELECT tax_rate_bps AS rate, 'goods' AS kind, sum(tax_cents) AS tax FROM order_items
            WHERE order_id = o.id AND tax_cents > 0 GROUP BY tax_rate_bps
          UNION ALL SELECT NULL, 'shipping', o.shipping_tax_cents WHERE o.shipping_tax_cents > 0)) AS taxLines,
      o.request_hash AS requestHash, o.created_at AS createdAt, o.updated_at AS updatedAt,
      o.updated_by AS updatedBy,
      CASE WHEN o.user_id IS NULL
        THEN json_object('id', NULL, 'name', coalesce(o.ship_name, ''), 'email', o.guest_email)
        ELSE json_object('id', u.id, 'name', u.name, 'email', u.email) END AS customer,
      CASE WHEN o.ship_country IS NULL THEN NULL
        ELSE json_object('name', o.ship_name, 'line1', o.ship_line1, 'line2', o.ship_line2, 'city', o.ship_city,
          'region', o.ship_region, 'postalCode', o.ship_postal_code, 'country', o.ship_country, 'phone', o.ship_phone)
        END AS shipTo,
      (SELECT json_group_array(json_object('variantId', oi.variant_id, 'productId', oi.product_id,
          'name', oi.product_name, 'sku', oi.sku, 'options', json(oi.options), 'quantity', oi.quantity,
          'unitPriceCents', oi.unit_price_cents, 'subtotalCents', oi.quantity * oi.unit_price_cents,
          'discountCents', oi.discount_cents, 'taxRateBps', oi.tax_rate_bps, 'taxCents', oi.tax_cents,
          'shippedQuantity', oi.shipped_quantity, 'deliveredQuantity', oi.delivered_quantity,
          'cancelledQuantity', oi.cancelled_quantity, 'returnedQuantity', oi.returned_quantity,
          'refundedQuantity', oi.refunded_quantity))
        FROM (SELECT * FROM order_items WHERE order_id = o.id ORDER BY id) oi) AS items,
      (SELECT json_group_array(json_object('id', s.id, 'carrier', s.carrier, 'trackingNumber', s.tracking_number,
          'status', s.status, 'createdAt', s.created_at, 'deliveredAt', s.delivered_at,
          'items', (SELECT json_group_array(json_object('variantId', oi.variant_id, 'quantity', si.quantity))
            FROM shipment_items si JOIN order_items oi ON oi.id = si.order_item_id WHERE si.shipment_id = s.id)))
        FROM (SELECT * FROM shipments WHERE order_id = o.id ORDER BY id) s) AS shipments,
      (SELECT json_group_array(json_object('id', r.id, 'status', r.status, 'reason', r.reason,
          'refundCents', r.refund_cents, 'createdAt', r.created_at, 'updatedAt', r.updated_at,
          'items', (SELECT json_group_array(json_object('variantId', oi.variant_id, 'quantity', ri.quantity,
              'restock', CASE WHEN ri.restock IS NULL THEN NULL WHEN ri.restock THEN json('true') ELSE json('false') END,
              'refundCents', ri.refund_cents))
            FROM return_items ri JOIN order_items oi ON oi.id = ri.order_item_id WHERE ri.return_id = r.id),
          'history', (SELECT json_group_array(json_object('fromStatus', h.from_status, 'toStatus', h.to_status,
              'note', h.note, 'createdAt', h.created_at))
            FROM (SELECT * FROM return_history WHERE return_id = r.id ORDER BY id) h)))
        FROM (SELECT * FROM returns WHERE order_id = o.id ORDER BY id) r) AS returns,
      (SELECT json_group_array(json_object('fromStatus', h.from_status, 'toStatus', h.to_status,
          'actorId', h.actor_id, 'note', h.note, 'createdAt', h.created_at))
        FROM (SELECT * FROM order_status_history WHERE order_id = o.id ORDER BY id) h) AS history
    FROM orders o LEFT JOIN users u ON u.id = o.user_id
    WHERE ${where}`);
}

export type StoredOrder = OrderDetail & { requestHash: string };

export function parseOrderDetail(row: OrderDetailRow): StoredOrder {
  return {
    id: Number(row.id),
    status: row.status,
    totalCents: Number(row.totalCents),
    fulfilmentStatus: row.fulfilmentStatus,
    holdExpiresAt: row.holdExpiresAt,
    payment: row.payment === null ? null : JSON.parse(row.payment),
    currency: row.currency,
    pricesIncludeTax: Boolean(row.pricesIncludeTax),
    subtotalCents: Number(row.subtotalCents),
    discountCents: Number(row.discountCents),
    shippingCents: Number(row.shippingCents),
    taxCents: Number(row.taxCents),
    shippingTaxCents: Number(row.shippingTaxCents),
    shippingMethodName: row.shippingMethodName,
    discountCode: row.discountCode,
    taxLines: JSON.parse(row.taxLines),
    idempotencyKey: row.idempotencyKey,
    requestHash: row.requestHash,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy === null ? null : Number(row.updatedBy),
    customer: JSON.parse(row.customer),
    shipTo: row.shipTo === null ? null : JSON.parse(row.shipTo),
    items: JSON.parse(row.items),
    shipments: JSON.parse(row.shipments),
    returns: JSON.parse(row.returns),
    history: JSON.parse(row.history),
  };
}

/** What clients see: the stored order without the internal request hash. */
export function publicOrder({ requestHash: _, ...order }: StoredOrder): OrderDetail {
  return order;
}
