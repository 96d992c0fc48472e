/**
 * The placing batch (placeOrderBatch), built once per isolate and shape
 * instead of per request: see src/db/prepared-batch.ts. The shape holds
 * every choice that changes the SQL text; every request value is a
 * placeholder, filled from the order by `valuesOf`. `templateOf` sees the
 * shape only, so no request's value can be baked into the cached text.
 */
import type { Db } from '../../db/client.ts';
import { preparedBatch, type SlotValues, slot } from '../../db/prepared-batch.ts';
import type { AddressFields } from '../../shared/fields.ts';
import { type CartOwner, ownerSlots, ownerValues } from '../cart/cart-owner.ts';
import { type LineSource, type PlaceOrder, placeOrderBatch, type ShipTo } from './order-batches.ts';
import type { OrderLine } from './orders.schema.ts';

/** What changes the placing batch's SQL text. */
type PlaceOrderShape = {
  owner: CartOwner['kind'];
  guest: boolean;
  source: LineSource['kind'];
  shipTo: ShipTo['kind'];
  discountCode: boolean;
  expectedTotal: boolean;
  hold: boolean;
  pricesIncludeTax: boolean;
};

function shapeOf(order: PlaceOrder): PlaceOrderShape {
  return {
    owner: order.owner.kind,
    guest: order.guest !== undefined,
    source: order.source.kind,
    shipTo: order.shipTo.kind,
    discountCode: order.pricing.discountCode !== null,
    expectedTotal: order.pricing.expectedTotalCents !== undefined,
    hold: order.payment.holdMinutes !== null,
    pricesIncludeTax: order.pricing.store.pricesIncludeTax,
  };
}

const ADDRESS_FIELDS = ['name', 'line1', 'line2', 'city', 'region', 'postalCode', 'country', 'phone'] as const;

/** An order of this shape whose every request value is a placeholder named as in `valuesOf`. */
function templateOf(shape: PlaceOrderShape): PlaceOrder {
  const address = Object.fromEntries(ADDRESS_FIELDS.map((field) => [field, slot(`address.${field}`)])) as AddressFields;
  const shipTo: ShipTo =
    shape.shipTo === 'typed'
      ? { kind: 'typed', address }
      : shape.shipTo === 'saved'
        ? { kind: 'saved', addressId: slot('addressId'), userId: slot('addressUserId') }
        : { kind: 'default', userId: slot('addressUserId') };
  return {
    owner: ownerSlots(shape.owner),
    guest: shape.guest ? { email: slot('guestEmail'), accessTokenHash: slot('accessTokenHash') } : undefined,
    shipTo,
    maxPendingOrders: slot('maxPendingOrders'),
    idempotencyKey: slot('idempotencyKey'),
    requestHash: slot('requestHash'),
    source: shape.source === 'cart' ? { kind: 'cart' } : { kind: 'items', lines: slot<OrderLine[]>('lines') },
    pricing: {
      shippingMethodId: slot('shippingMethodId'),
      discountCode: shape.discountCode ? slot('discountCode') : null,
      redeemerKey: slot('redeemerKey'),
      expectedTotalCents: shape.expectedTotal ? slot('expectedTotalCents') : undefined,
      store: { currency: slot('currency'), pricesIncludeTax: shape.pricesIncludeTax },
    },
    payment: {
      provider: slot('provider'),
      method: slot('method'),
      holdMinutes: shape.hold ? slot('holdMinutes') : null,
    },
  };
}

/** The order's request values, by the placeholder names of `templateOf`. */
function valuesOf(order: PlaceOrder): SlotValues {
  const { owner, shipTo, pricing, payment } = order;
  const values: SlotValues = {
    ...ownerValues(owner),
    guestEmail: order.guest?.email ?? null,
    accessTokenHash: order.guest?.accessTokenHash ?? null,
    addressId: shipTo.kind === 'saved' ? shipTo.addressId : null,
    addressUserId: shipTo.kind === 'typed' ? null : shipTo.userId,
    maxPendingOrders: order.maxPendingOrders,
    idempotencyKey: order.idempotencyKey,
    requestHash: order.requestHash,
    lines: order.source.kind === 'items' ? order.source.lines : null,
    shippingMethodId: pricing.shippingMethodId,
    discountCode: pricing.discountCode,
    redeemerKey: pricing.redeemerKey,
    expectedTotalCents: pricing.expectedTotalCents ?? null,
    currency: pricing.store.currency,
    provider: payment.provider,
    method: payment.method,
    holdMinutes: payment.holdMinutes,
  };
  if (shipTo.kind === 'typed') {
    for (const field of ADDRESS_FIELDS) values[`address.${field}`] = shipTo.address[field];
  }
  return values;
}

const runPlaceOrder = preparedBatch((db, shape: PlaceOrderShape) => placeOrderBatch(db, templateOf(shape)));

/** Runs the placing batch for `order`, answering what `db.batch(placeOrderBatch(db, order))` answers. */
export function placeOrder(db: Db, order: PlaceOrder) {
  return runPlaceOrder(db, shapeOf(order), valuesOf(order));
}
