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
import {
  CANCELLABLE_STATUSES,
  CUSTOMER_CANCELLABLE_STATUSES,
  canTransition,
  type OrderStatus,
} from '../../shared/order-status.ts';
import type { TokenUser } from '../auth/token.ts';
import { DomainError, notFound } from '../domain-error.ts';
import {
  type LineSource,
  type PlaceOrder,
  placeOrderBatch,
  type StatusChange,
  statusChangeBatch,
} from './order-batches.ts';
import { orderDetailQuery, parseOrderDetail, publicOrder, type StoredOrder } from './order-detail.ts';
import { explainOrderFailure, type LineState, readAfterFailure } from './order-failures.ts';
import { type CreateOrderInput, mergeOrderLines, type UpdateStatusInput } from './orders.schema.ts';

/** What a checkout's idempotency key is bound to: the cart, whatever it held. */
const CART_REQUEST_HASH = 'cart';

async function linesHash(lines: CreateOrderInput['items']): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(lines)));
  return `items:${[...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
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

/**
 * Places an order in one batch. When the batch fails, one read batch tells
 * the rest: a retry of an earlier request (same user and key) gets that
 * request's order back, and anything else is explained by the lines' states.
 */
async function place(db: Db, limits: OrderLimits, order: Omit<PlaceOrder, 'maxPendingOrders'>) {
  const { userId, idempotencyKey, requestHash, source } = order;
  try {
    const results = await db.batch(placeOrderBatch(db, { ...order, maxPendingOrders: limits.maxPendingOrders }));
    const [row] = results[results.length - 1] as Parameters<typeof parseOrderDetail>[0][];
    if (!row) throw new Error('order batch returned no order');
    return publicOrder(parseOrderDetail(row));
  } catch (error) {
    if (!constraintViolation(error)) throw error;
    const { existing, lines, pendingOrders } = await readAfterFailure(db, userId, idempotencyKey, source);
    if (!existing && pendingOrders >= limits.maxPendingOrders) {
      throw new DomainError(
        'TOO_MANY_PENDING_ORDERS',
        `You have ${pendingOrders} orders waiting; at most ${limits.maxPendingOrders} may be pending at once. Wait for them to be processed, or cancel one`,
        { pending: pendingOrders, max: limits.maxPendingOrders },
      );
    }
    if (!existing) throw explainOrderFailure(lines);
    if (!isSameRequest(existing, requestHash, source, lines)) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        'This idempotency key was already used for a different order; use a new key for a new order',
        { orderId: existing.id },
      );
    }
    return publicOrder(existing);
  }
}

/** How much one customer may hold at once (configuration; see env.ts). */
export type OrderLimits = { maxPendingOrders: number };

export function placeOrderFromCart(db: Db, limits: OrderLimits, user: TokenUser, idempotencyKey: string) {
  return place(db, limits, {
    userId: user.id,
    idempotencyKey,
    requestHash: CART_REQUEST_HASH,
    source: { kind: 'cart' },
  });
}

export async function createOrder(db: Db, limits: OrderLimits, user: TokenUser, input: CreateOrderInput) {
  const lines = mergeOrderLines(input.items);
  const requestHash = await linesHash(lines);
  return place(db, limits, {
    userId: user.id,
    idempotencyKey: input.idempotencyKey,
    requestHash,
    source: { kind: 'items', lines },
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
      customer: { id: users.id, name: users.name, email: users.email },
    })
    .from(orders)
    .innerJoin(users, eq(users.id, orders.userId))
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
      .select({ status: orders.status, userId: orders.userId })
      .from(orders)
      .where(eq(orders.id, change.orderId));
    if (!current || (change.ownerId !== undefined && current.userId !== change.ownerId)) {
      throw notFound('order', change.orderId);
    }
    if (change.expectedStatus && current.status !== change.expectedStatus) {
      throw new DomainError(
        'STATUS_CHANGED',
        `Order ${change.orderId} is ${current.status} now, not ${change.expectedStatus}; reload it and try again`,
        { from: current.status, expected: change.expectedStatus, to: change.to },
      );
    }
    const allowed = change.allowedFrom ?? [];
    const reason =
      canTransition(current.status, change.to) && change.allowedFrom && !allowed.includes(current.status)
        ? `you may cancel order ${change.orderId} only while it is ${allowed.join(' or ')}`
        : `order ${change.orderId} cannot go from ${current.status} to ${change.to}`;
    throw new DomainError('INVALID_TRANSITION', `Invalid transition: ${reason}`, {
      from: current.status,
      to: change.to,
    });
  }
}

export function updateOrderStatus(db: Db, actor: Actor, input: UpdateStatusInput) {
  return changeStatus(db, {
    orderId: input.id,
    to: input.status,
    note: input.note,
    expectedStatus: input.expectedStatus,
    actor,
    audit: true,
  });
}

/** The owner may cancel while pending; an admin while pending or processing. */
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
