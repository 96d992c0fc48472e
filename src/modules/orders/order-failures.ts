/**
 * After the database refused an order batch: ONE read batch (one round trip,
 * one snapshot) that finds the order the idempotency key already made, if
 * any, and each line's product state, then telling the client which rule the
 * write broke and for which products. The happy path never reads first.
 */
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { cartItems, products } from '../../db/schema.ts';
import { MAX_ORDER_LINES } from '../../shared/limits.ts';
import { DomainError } from '../domain-error.ts';
import type { LineSource } from './order-batches.ts';
import { orderDetailQuery, parseOrderDetail, type StoredOrder } from './order-detail.ts';

/** A line the order asked for, with its product's stock and whether it is for sale (null: no such product). */
export type LineState = { productId: number; quantity: number; stock: number | null; isActive: boolean | null };

/**
 * The lines as the database holds them now. A checkout's lines are the cart
 * (ordered by product, as the retry compare needs); explicit lines are the
 * request's, so only their products are read.
 */
function lineStatesQuery(db: Db, userId: number, source: LineSource) {
  if (source.kind === 'cart') {
    return db
      .select({
        productId: cartItems.productId,
        quantity: cartItems.quantity,
        stock: products.stock,
        isActive: products.isActive,
      })
      .from(cartItems)
      .leftJoin(products, eq(products.id, cartItems.productId))
      .where(eq(cartItems.userId, userId))
      .orderBy(asc(cartItems.productId));
  }
  return db
    .select({ productId: products.id, stock: products.stock, isActive: products.isActive })
    .from(products)
    .where(
      inArray(
        products.id,
        source.lines.map((line) => line.productId),
      ),
    );
}

export type FailureRead = {
  /** The order this user's idempotency key already made, when it did. */
  existing: StoredOrder | undefined;
  lines: LineState[];
};

/** The failure path's one read: the key lookup and the line states, sent together as one db.batch. */
export async function readAfterFailure(
  db: Db,
  userId: number,
  idempotencyKey: string,
  source: LineSource,
): Promise<FailureRead> {
  const [byKey, found] = await db.batch([
    orderDetailQuery(db, sql`o.user_id = ${userId} AND o.idempotency_key = ${idempotencyKey}`),
    lineStatesQuery(db, userId, source),
  ]);
  const existing = byKey[0] ? parseOrderDetail(byKey[0]) : undefined;
  if (source.kind === 'cart') return { existing, lines: found as LineState[] };
  const byId = new Map(found.map((product) => [product.productId, product]));
  const lines = source.lines.map((line) => ({
    ...line,
    stock: byId.get(line.productId)?.stock ?? null,
    isActive: byId.get(line.productId)?.isActive ?? null,
  }));
  return { existing, lines };
}

/** "Product 3" or "Products 3, 7". */
function productList(ids: number[]): string {
  return `${ids.length === 1 ? 'Product' : 'Products'} ${ids.join(', ')}`;
}

/** The domain error for a refused order batch that no earlier request explains, from its lines' states. */
export function explainOrderFailure(lines: LineState[]): DomainError {
  if (lines.length === 0) {
    return new DomainError('CART_EMPTY', 'The cart is empty; add products before checking out');
  }
  if (lines.length > MAX_ORDER_LINES) {
    return new DomainError('CART_TOO_LARGE', `An order may have at most ${MAX_ORDER_LINES} lines`);
  }
  const unavailable = lines.filter((line) => !line.isActive).map((line) => line.productId);
  if (unavailable.length > 0) {
    return new DomainError(
      'PRODUCT_UNAVAILABLE',
      `${productList(unavailable)} ${unavailable.length === 1 ? 'is' : 'are'} not for sale (archived or unknown)`,
      { productIds: unavailable },
    );
  }
  const short = lines.filter((line) => (line.stock ?? 0) < line.quantity);
  if (short.length > 0) {
    return new DomainError(
      'INSUFFICIENT_STOCK',
      `Not enough stock for ${productList(short.map((line) => line.productId)).toLowerCase()}`,
      {
        productIds: short.map((line) => line.productId),
        available: Object.fromEntries(short.map((line) => [line.productId, line.stock ?? 0])),
      },
    );
  }
  // The guard fired but the state has moved on since (e.g. a restock landed): ask for a retry.
  return new DomainError('INSUFFICIENT_STOCK', 'Stock changed while the order was placed; try again', {
    productIds: [],
  });
}
