/**
 * After the database refused an order batch: ONE read batch (one round trip,
 * one snapshot) that finds the order the idempotency key already made, if
 * any, and each line's variant state, then telling the client which rule the
 * write broke and for which variants. The happy path never reads first.
 */
import { asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { variantOnSale } from '../../db/guards.ts';
import { addresses, cartItems, products, variants } from '../../db/schema.ts';
import { MAX_ORDER_LINES } from '../../shared/limits.ts';
import { type CartOwner, cartIdOf } from '../cart/cart-owner.ts';
import { DomainError } from '../domain-error.ts';
import { type PricedRead, parseQuote, type QuoteRows, quoteReads } from '../pricing/quote.ts';
import {
  type LineSource,
  type PlaceOrder,
  pendingOrderCount,
  pricingInputOf,
  type ShipTo,
  savedAddressWhere,
} from './order-batches.ts';
import { orderDetailQuery, parseOrderDetail, type StoredOrder } from './order-detail.ts';

/** A line the order asked for, with its variant's stock and whether it is for sale (null: no such variant). */
export type LineState = { variantId: number; quantity: number; stock: number | null; isActive: boolean | null };

/**
 * The lines as the database holds them now. A checkout's lines are the cart
 * (ordered by variant, as the retry compare needs); explicit lines are the
 * request's, so only their variants are read.
 */
function lineStatesQuery(db: Db, owner: CartOwner, source: LineSource) {
  if (source.kind === 'cart') {
    return db
      .select({
        variantId: cartItems.variantId,
        quantity: cartItems.quantity,
        stock: variants.stock,
        isActive: variantOnSale().mapWith(Boolean),
      })
      .from(cartItems)
      .leftJoin(variants, eq(variants.id, cartItems.variantId))
      .leftJoin(products, eq(products.id, variants.productId))
      .where(eq(cartItems.cartId, cartIdOf(owner)))
      .orderBy(asc(cartItems.variantId));
  }
  return db
    .select({ variantId: variants.id, stock: variants.stock, isActive: variantOnSale().mapWith(Boolean) })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(
      inArray(
        variants.id,
        source.lines.map((line) => line.variantId),
      ),
    );
}

export type FailureRead = {
  /** The order this owner's idempotency key already made, when it did. */
  existing: StoredOrder | undefined;
  lines: LineState[];
  /** The owner's pending orders, against the cap. */
  pendingOrders: number;
  /** Whether the saved (or default) address the order was to go to exists; true for a typed one. */
  addressFound: boolean;
  /** The order priced again, as the batch priced it, to tell a pricing refusal. */
  priced: PricedRead;
};

/** The saved address the order names (or the default one), counted: 0 or 1. */
function addressCount(shipTo: ShipTo): SQL<number> {
  if (shipTo.kind === 'typed') return sql<number>`1`;
  return sql<number>`(SELECT count(*) FROM ${addresses} WHERE ${savedAddressWhere(shipTo)})`;
}

/** The failure path's one read: the key lookup and the line states, sent together as one db.batch. */
export async function readAfterFailure(db: Db, order: PlaceOrder): Promise<FailureRead> {
  const { owner, idempotencyKey, source, shipTo } = order;
  const pricing = pricingInputOf(order);
  const [byKey, found, [counts], ...quoteRows] = await db.batch([
    orderDetailQuery(db, sql`o.owner_key = ${owner.key} AND o.idempotency_key = ${idempotencyKey}`),
    lineStatesQuery(db, owner, source),
    db.select({ pending: pendingOrderCount(owner.key), addresses: addressCount(shipTo) }).from(sql`(SELECT 1)`),
    ...quoteReads(db, pricing, order.pricing.redeemerKey),
  ]);
  const existing = byKey[0] ? parseOrderDetail(byKey[0]) : undefined;
  const pendingOrders = Number(counts?.pending ?? 0);
  const addressFound = Number(counts?.addresses ?? 0) > 0;
  const priced = parseQuote(quoteRows as QuoteRows, pricing, order.pricing.store);
  if (source.kind === 'cart') return { existing, lines: found as LineState[], pendingOrders, addressFound, priced };
  const byId = new Map(found.map((variant) => [variant.variantId, variant]));
  const lines = source.lines.map((line) => ({
    ...line,
    stock: byId.get(line.variantId)?.stock ?? null,
    isActive: byId.get(line.variantId)?.isActive ?? null,
  }));
  return { existing, lines, pendingOrders, addressFound, priced };
}

/** "Variant 3" or "Variants 3, 7". */
function variantList(ids: number[]): string {
  return `${ids.length === 1 ? 'Variant' : 'Variants'} ${ids.join(', ')}`;
}

/** The refusal a set of lines deserves on its own (empty, too many, not for sale, short of stock), if any. */
export function lineFailure(lines: LineState[]): DomainError | undefined {
  if (lines.length === 0) {
    return new DomainError('CART_EMPTY', 'The cart is empty; add products before checking out');
  }
  if (lines.length > MAX_ORDER_LINES) {
    return new DomainError('CART_TOO_LARGE', `An order may have at most ${MAX_ORDER_LINES} lines`);
  }
  const unavailable = lines.filter((line) => !line.isActive).map((line) => line.variantId);
  if (unavailable.length > 0) {
    return new DomainError(
      'PRODUCT_UNAVAILABLE',
      `${variantList(unavailable)} ${unavailable.length === 1 ? 'is' : 'are'} not for sale (archived or unknown)`,
      { variantIds: unavailable },
    );
  }
  const short = lines.filter((line) => (line.stock ?? 0) < line.quantity);
  if (short.length > 0) {
    return new DomainError(
      'INSUFFICIENT_STOCK',
      `Not enough stock for ${variantList(short.map((line) => line.variantId)).toLowerCase()}`,
      {
        variantIds: short.map((line) => line.variantId),
        available: Object.fromEntries(short.map((line) => [line.variantId, line.stock ?? 0])),
      },
    );
  }
  return undefined;
}

/** The domain error for a refused order batch that no earlier request explains, from its lines' states. */
export function explainOrderFailure(lines: LineState[]): DomainError {
  // When no line explains it, the guard fired but the state has moved on since (e.g. a restock landed): ask for a retry.
  return (
    lineFailure(lines) ??
    new DomainError('INSUFFICIENT_STOCK', 'Stock changed while the order was placed; try again', { variantIds: [] })
  );
}
