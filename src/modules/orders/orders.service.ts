/**
 * The order engine: placing orders (from the cart or from explicit lines),
 * reading them, and moving them along the transition map. Every write is one
 * guarded batch; see order-batches.ts for the guards.
 */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { isRevokedAdmin, readAsAdmin } from '../../db/admin-check.ts';
import type { Actor } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import { constraintViolation } from '../../db/errors.ts';
import { keysetPage } from '../../db/pagination.ts';
import { orders, users } from '../../db/schema.ts';
import { CARD_SESSION_LEAD_MINUTES, type PaymentSettings, type StripeSettings } from '../../env.ts';
import type { AddressFields } from '../../shared/fields.ts';
import {
  CANCELLABLE_STATUSES,
  CUSTOMER_CANCELLABLE_STATUSES,
  canTransition,
  type OrderStatus,
} from '../../shared/order-status.ts';
import type { PaymentMethod } from '../../shared/payment-status.ts';
import type { StoreSettings } from '../../shared/store-settings.ts';
import type { TokenUser } from '../auth/token.ts';
import { type CartOwner, userOwner } from '../cart/cart-owner.ts';
import { DomainError, notFound } from '../domain-error.ts';
import { sha256Hex } from '../encoding.ts';
import type { PricingInput } from '../pricing/pricing-sql.ts';
import { pricingFailure, readQuote } from '../pricing/quote.ts';
import { ACCESS_TOKEN_PATTERN, accessTokenHash, orderAccessToken } from './order-access.ts';
import {
  countryOf,
  type LineSource,
  type OrderPayment,
  type OrderPricing,
  type PlaceOrder,
  pricingInputOf,
  type ShipTo,
  type StatusChange,
  statusChangeBatch,
} from './order-batches.ts';
import { orderDetailQuery, parseOrderDetail, publicOrder, type StoredOrder } from './order-detail.ts';
import {
  explainOrderFailure,
  type FailureRead,
  type LineState,
  lineFailure,
  readAfterFailure,
} from './order-failures.ts';
import {
  type CreateOrderInput,
  mergeOrderLines,
  type PlaceOrderInput,
  type QuoteInput,
  type ShipToInput,
  type UpdateStatusInput,
} from './orders.schema.ts';
import { placeOrder } from './place-order-prepared.ts';

/** What a checkout's idempotency key is bound to: the cart, whatever it held. */
const CART_REQUEST_HASH = 'cart';

async function linesHash(lines: CreateOrderInput['items']): Promise<string> {
  return `items:${await sha256Hex(JSON.stringify(lines))}`;
}

/**
 * Whether a request with a used key repeats the one that made `existing`.
 * Explicit lines compare by hash. A checkout's contents are the cart: its
 * retry finds the cart empty (the order emptied it), or holding exactly the
 * order's lines; a cart with other lines is a new checkout reusing the key.
 * `cart` is the cart as the failure read found it, ordered by variant.
 */
function isSameRequest(existing: StoredOrder, requestHash: string, source: LineSource, cart: LineState[]) {
  if (existing.requestHash !== requestHash) return false;
  if (source.kind !== 'cart' || cart.length === 0) return true;
  const toLine = ({ variantId, quantity }: { variantId: number; quantity: number }) => ({ variantId, quantity });
  const ordered = existing.items.map(toLine).sort((a, b) => a.variantId - b.variantId);
  return JSON.stringify(cart.map(toLine)) === JSON.stringify(ordered);
}

/** An order to place, before the configured cap is added. */
type OrderRequest = Omit<PlaceOrder, 'maxPendingOrders'>;

/** The refusal for a batch whose only broken guard was the address copy. */
function addressFailure(shipTo: ShipTo): DomainError {
  return shipTo.kind === 'default'
    ? new DomainError(
        'ADDRESS_REQUIRED',
        'Say where the order goes: type an address, choose a saved one, or set a default address',
      )
    : new DomainError('ADDRESS_NOT_FOUND', 'The saved address chosen for this order does not exist (any more)');
}

/** The refusal for a batch that no retry explains: the first rule it broke, from the failure read. */
function refusalOf(read: FailureRead, order: PlaceOrder): DomainError {
  const { lines, pendingOrders, addressFound, priced } = read;
  if (pendingOrders >= order.maxPendingOrders) {
    return new DomainError(
      'TOO_MANY_PENDING_ORDERS',
      `You have ${pendingOrders} orders waiting; at most ${order.maxPendingOrders} may be pending at once. Wait for them to be processed, or cancel one`,
      { pending: pendingOrders, max: order.maxPendingOrders },
    );
  }
  const lineProblem = lineFailure(lines);
  if (lineProblem) return lineProblem;
  if (!addressFound) return addressFailure(order.shipTo);
  return pricingFailure(priced, pricingInputOf(order), order.pricing.expectedTotalCents) ?? explainOrderFailure(lines);
}

/**
 * Places an order in one batch. When the batch fails, one read batch tells
 * the rest: a retry of an earlier request (same owner and key) gets that
 * request's order back, and anything else is explained by the lines' states
 * and the order priced again.
 */
async function place(db: Db, limits: OrderLimits, request: OrderRequest) {
  const order: PlaceOrder = { ...request, maxPendingOrders: limits.maxPendingOrders };
  try {
    const results = await placeOrder(db, order);
    const [row] = results[results.length - 1] as Parameters<typeof parseOrderDetail>[0][];
    if (!row) throw new Error('order batch returned no order');
    return publicOrder(parseOrderDetail(row));
  } catch (error) {
    if (!constraintViolation(error)) throw error;
    const read = await readAfterFailure(db, order);
    if (!read.existing) throw refusalOf(read, order);
    if (!isSameRequest(read.existing, order.requestHash, order.source, read.lines)) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        'This idempotency key was already used for a different order; use a new key for a new order',
        { orderId: read.existing.id },
      );
    }
    return publicOrder(read.existing);
  }
}

/**
 * What placing needs from configuration: how much one owner may hold at once,
 * the secret that signs guest order links, and the store's pricing settings.
 */
export type OrderLimits = {
  maxPendingOrders: number;
  authSecret: string;
  store: StoreSettings;
  payments: PaymentSettings;
  /** Null when card payments are not set up. */
  stripe: StripeSettings | null;
};

/**
 * The provider for the shopper's payment method and how long the order holds
 * its stock unpaid: a card order as long as its Checkout Session (plus the
 * moment it takes to open one, see CARD_SESSION_LEAD_MINUTES); a manual
 * one (bank transfer, cash on delivery) MANUAL_HOLD_DAYS, or until paid or
 * cancelled.
 */
function paymentOf(limits: OrderLimits, method: PaymentMethod): OrderPayment {
  if (method === 'card') {
    if (!limits.stripe) {
      throw new DomainError(
        'PAYMENT_METHOD_UNAVAILABLE',
        'Card payments are not set up in this shop; choose bank transfer or cash on delivery',
      );
    }
    return { provider: 'stripe', method, holdMinutes: limits.payments.cardHoldMinutes + CARD_SESSION_LEAD_MINUTES };
  }
  const days = limits.payments.manualHoldDays;
  return { provider: 'manual', method, holdMinutes: days === null ? null : days * 24 * 60 };
}

/** A customer's choice of address: saved, typed, or (when absent) their default. */
function customerShipTo(userId: number, shipTo: ShipToInput | undefined): ShipTo {
  if (!shipTo) return { kind: 'default', userId };
  return 'addressId' in shipTo
    ? { kind: 'saved', addressId: shipTo.addressId, userId }
    : { kind: 'typed', address: shipTo.address };
}

/** Who redeems a code: the customer, or the guest by email (so new cart tokens do not reset a per-customer limit). */
function redeemerOf(owner: CartOwner, email: string | undefined): string {
  return owner.kind === 'user' ? owner.key : `email:${(email ?? '').toLowerCase()}`;
}

function pricingOf(
  limits: OrderLimits,
  owner: CartOwner,
  input: { shippingMethodId: number; discountCode?: string; expectedTotalCents?: number; email?: string },
): OrderPricing {
  return {
    shippingMethodId: input.shippingMethodId,
    discountCode: input.discountCode ?? null,
    redeemerKey: redeemerOf(owner, input.email),
    expectedTotalCents: input.expectedTotalCents,
    store: limits.store,
  };
}

const CART: LineSource = { kind: 'cart' };

function requireGuestDetails(input: { email?: string; shipTo?: ShipToInput }): asserts input is {
  email: string;
  shipTo: { address: AddressFields };
} {
  if (!input.email || !input.shipTo || !('address' in input.shipTo)) {
    throw new DomainError(
      'GUEST_DETAILS_REQUIRED',
      'A guest checkout needs an email address and a typed shipping address (email, shipTo.address); or sign in',
    );
  }
}

/**
 * Turns the shopper's cart into an order, priced inside the batch at the
 * total the shopper agreed to. A customer's order goes to the address they
 * chose (their default when none); a guest gives an email and types an
 * address, and gets back the access token of the order's link.
 */
export async function placeOrderFromCart(db: Db, limits: OrderLimits, owner: CartOwner | null, input: PlaceOrderInput) {
  if (!owner) throw new DomainError('CART_EMPTY', 'The cart is empty; add products before checking out');
  const request = {
    owner,
    idempotencyKey: input.idempotencyKey,
    requestHash: CART_REQUEST_HASH,
    source: CART,
    pricing: pricingOf(limits, owner, input),
    payment: paymentOf(limits, input.paymentMethod),
  };
  if (owner.kind === 'user') {
    return place(db, limits, { ...request, shipTo: customerShipTo(owner.userId, input.shipTo) });
  }
  requireGuestDetails(input);
  const accessToken = await orderAccessToken(limits.authSecret, owner.key, input.idempotencyKey);
  const order = await place(db, limits, {
    ...request,
    guest: { email: input.email, accessTokenHash: await accessTokenHash(accessToken) },
    shipTo: { kind: 'typed', address: input.shipTo.address },
  });
  return { ...order, accessToken };
}

export async function createOrder(db: Db, limits: OrderLimits, user: TokenUser, input: CreateOrderInput) {
  const lines = mergeOrderLines(input.items);
  const requestHash = await linesHash(lines);
  const owner = userOwner(user.id);
  return place(db, limits, {
    owner,
    idempotencyKey: input.idempotencyKey,
    requestHash,
    source: { kind: 'items', lines },
    shipTo: customerShipTo(user.id, input.shipTo),
    pricing: pricingOf(limits, owner, input),
    payment: paymentOf(limits, input.paymentMethod),
  });
}

/**
 * The price of the shopper's cart as it would be placed now, in one round
 * trip, from the same definition as the placing batch; refused for the same
 * reasons placing would be (but stock, which may change before placing).
 */
export async function quoteCart(db: Db, limits: OrderLimits, owner: CartOwner | null, input: QuoteInput) {
  if (!owner) throw new DomainError('CART_EMPTY', 'The cart is empty; add products before checking out');
  const saved = input.destination && 'addressId' in input.destination ? input.destination : undefined;
  const country =
    input.destination && 'country' in input.destination
      ? input.destination.country
      : owner.kind === 'user'
        ? countryOf(customerShipTo(owner.userId, saved))
        : undefined;
  if (country === undefined) {
    throw new DomainError(
      'GUEST_DETAILS_REQUIRED',
      'A guest quote needs the destination country (destination.country)',
    );
  }
  const pricing: PricingInput = {
    source: { kind: 'cart', owner },
    country,
    shippingMethodId: input.shippingMethodId,
    discountCode: input.discountCode ?? null,
    pricesIncludeTax: limits.store.pricesIncludeTax,
  };
  const priced = await readQuote(db, pricing, redeemerOf(owner, input.email), limits.store);
  const lines = priced.quote.lines.map((line) => ({
    variantId: line.variantId,
    quantity: line.quantity,
    stock: line.stock,
    isActive: line.unitPriceCents !== null,
  }));
  const lineProblem = lineFailure(lines);
  if (lineProblem) throw lineProblem;
  if (priced.quote.country === null && owner.kind === 'user') {
    throw addressFailure(customerShipTo(owner.userId, saved));
  }
  const refusal = pricingFailure(priced, pricing);
  if (refusal) throw refusal;
  return { ...priced.quote, shippingMethodId: input.shippingMethodId };
}

function linkNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No order has this link; check that it was copied whole');
}

/** A guest's order through its link; a wrong token is NOT_FOUND, like an order that does not exist. */
export async function getOrderByLink(db: Db, token: string) {
  if (!ACCESS_TOKEN_PATTERN.test(token)) throw linkNotFound();
  const [row] = await orderDetailQuery(db, sql`o.access_token_hash = ${await accessTokenHash(token)}`);
  if (!row) throw linkNotFound();
  return publicOrder(parseOrderDetail(row));
}

/** A guest cancels their pending order through its link, in one batch (the order is named by the token's hash). */
export async function cancelOrderByLink(db: Db, token: string) {
  if (!ACCESS_TOKEN_PATTERN.test(token)) throw linkNotFound();
  const hash = await accessTokenHash(token);
  return changeStatus(db, {
    orderId: sql<number>`(SELECT ${orders.id} FROM ${orders} WHERE ${orders.accessTokenHash} = ${hash})`,
    to: 'cancelled',
    actor: null,
    allowedFrom: CUSTOMER_CANCELLABLE_STATUSES,
    audit: false,
  });
}

/** Customers see only their own orders; anyone else's is NOT_FOUND so ids cannot be probed. */
export async function getOrder(db: Db, user: TokenUser, id: number) {
  const [row] =
    user.role === 'admin'
      ? (await readAsAdmin(db, user.id, [orderDetailQuery(db, sql`o.id = ${id}`)]))[0]
      : await orderDetailQuery(db, sql`o.id = ${id} AND o.user_id = ${user.id}`);
  if (!row) throw notFound('order', id);
  return publicOrder(parseOrderDetail(row));
}

type Page = { cursor?: number | null; limit: number };

function ordersPageQuery(db: Db, page: Page, filters: { userId?: number; status?: OrderStatus }) {
  return db
    .select({
      id: orders.id,
      userId: orders.userId,
      status: orders.status,
      totalCents: orders.totalCents,
      lineCount: orders.lineCount,
      createdAt: orders.createdAt,
      updatedAt: orders.updatedAt,
      // A guest order has no user: its customer is the guest's email and the name it ships to.
      customer: {
        // As SQL, so drizzle keeps the object for a guest instead of nulling the left-joined user.
        id: sql<number | null>`${users.id}`,
        name: sql<string>`coalesce(${users.name}, ${orders.shipName}, '')`,
        email: sql<string>`coalesce(${users.email}, ${orders.guestEmail})`,
      },
    })
    .from(orders)
    .leftJoin(users, eq(users.id, orders.userId))
    .where(
      and(
        filters.userId === undefined ? undefined : eq(orders.userId, filters.userId),
        filters.status === undefined ? undefined : eq(orders.status, filters.status),
        page.cursor == null ? undefined : lt(orders.id, page.cursor),
      ),
    )
    .orderBy(desc(orders.id))
    .limit(page.limit + 1);
}

export async function listMyOrders(db: Db, user: TokenUser, page: Page) {
  return keysetPage(await ordersPageQuery(db, page, { userId: user.id }), page.limit);
}

export async function listAllOrders(db: Db, admin: Actor, page: Page & { status?: OrderStatus }) {
  const [rows] = await readAsAdmin(db, admin.userId, [ordersPageQuery(db, page, { status: page.status })]);
  return keysetPage(rows, page.limit);
}

/** Runs a status change batch; on a refused guard, tells NOT_FOUND, STATUS_CHANGED and INVALID_TRANSITION apart. */
async function changeStatus(db: Db, change: StatusChange) {
  try {
    const results = await db.batch(statusChangeBatch(db, change));
    const [row] = results[results.length - 1] as Parameters<typeof parseOrderDetail>[0][];
    if (!row) throw new Error('status batch returned no order');
    return publicOrder(parseOrderDetail(row));
  } catch (error) {
    if (!constraintViolation(error) || isRevokedAdmin(error)) throw error;
    const [current] = await db
      .select({ status: orders.status, userId: orders.userId, fulfilment: orders.fulfilmentStatus })
      .from(orders)
      .where(sql`${orders.id} = ${change.orderId}`);
    const label = typeof change.orderId === 'number' ? `order ${change.orderId}` : 'this order';
    if (!current || (change.ownerId !== undefined && current.userId !== change.ownerId)) {
      throw typeof change.orderId === 'number' ? notFound('order', change.orderId) : linkNotFound();
    }
    if (change.expectedStatus && current.status !== change.expectedStatus) {
      throw new DomainError(
        'STATUS_CHANGED',
        `The ${label} is ${current.status} now, not ${change.expectedStatus}; reload it and try again`,
        { from: current.status, expected: change.expectedStatus, to: change.to },
      );
    }
    const allowed = change.allowedFrom ?? [];
    const reason =
      canTransition(current.status, change.to) && change.allowedFrom && !allowed.includes(current.status)
        ? change.to === 'cancelled'
          ? `you may cancel ${label} only while it is ${allowed.join(' or ')}`
          : `${label} is ${current.status}; only a ${allowed.join(' or ')} order is ${change.to} by hand (a payment confirms an expired one)`
        : change.to === 'cancelled' &&
            canTransition(current.status, 'cancelled') &&
            current.fulfilment !== 'unfulfilled'
          ? `${label} is ${current.fulfilment}; cancel its unshipped remainder instead (shipments.cancelRemainder)`
          : `${label} cannot go from ${current.status} to ${change.to}`;
    throw new DomainError('INVALID_TRANSITION', `Invalid transition: ${reason}`, {
      from: current.status,
      to: change.to,
    });
  }
}

/**
 * An admin's own move: accepting a pending order unpaid, or cancelling. An
 * expired order is confirmed only by a payment (which takes its stock back in
 * its batch), never by hand: its units are on sale again.
 */
export function updateOrderStatus(db: Db, actor: Actor, input: UpdateStatusInput) {
  return changeStatus(db, {
    orderId: input.id,
    to: input.status,
    note: input.note,
    expectedStatus: input.expectedStatus,
    allowedFrom: input.status === 'confirmed' ? ['pending'] : undefined,
    actor,
    audit: true,
  });
}

/** The owner may cancel while pending; an admin while pending or confirmed. */
export function cancelOrder(db: Db, user: TokenUser, actor: Actor, id: number) {
  const isAdmin = user.role === 'admin';
  return changeStatus(db, {
    orderId: id,
    to: 'cancelled',
    actor,
    ownerId: isAdmin ? undefined : user.id,
    allowedFrom: isAdmin ? CANCELLABLE_STATUSES : CUSTOMER_CANCELLABLE_STATUSES,
    audit: isAdmin,
  });
}
