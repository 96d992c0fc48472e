/**
 * Explaining a failed order batch. This read runs only on the failure path,
 * after the database refused the write, to tell the client which rule it
 * broke and for which products; the happy path never reads first.
 */
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { constraintViolation } from '../../db/errors.ts';
import { cartItems, products } from '../../db/schema.ts';
import { MAX_ORDER_LINES } from '../../shared/limits.ts';
import { DomainError } from '../domain-error.ts';
import type { LineSource } from './order-batches.ts';

type LineState = { productId: number; quantity: number; stock: number | null; isActive: boolean | null };

async function lineStates(db: Db, userId: number, source: LineSource): Promise<LineState[]> {
  if (source.kind === 'cart') {
    return db
      .select({
        productId: cartItems.productId,
        quantity: cartItems.quantity,
        stock: products.stock,
        isActive: products.isActive,
      })
      .from(cartItems)
      .leftJoin(products, sql`${products.id} = ${cartItems.productId}`)
      .where(sql`${cartItems.userId} = ${userId}`);
  }
  const found = await db
    .select({ id: products.id, stock: products.stock, isActive: products.isActive })
    .from(products)
    .where(
      inArray(
        products.id,
        source.lines.map((line) => line.productId),
      ),
    );
  const byId = new Map(found.map((product) => [product.id, product]));
  return source.lines.map((line) => ({
    ...line,
    stock: byId.get(line.productId)?.stock ?? null,
    isActive: byId.get(line.productId)?.isActive ?? null,
  }));
}

/** "Product 3" or "Products 3, 7". */
function productList(ids: number[]): string {
  return `${ids.length === 1 ? 'Product' : 'Products'} ${ids.join(', ')}`;
}

/** The domain error for a refused order batch, or the original error when it was not a guard. */
export async function explainOrderFailure(
  db: Db,
  userId: number,
  source: LineSource,
  error: unknown,
): Promise<unknown> {
  const violation = constraintViolation(error);
  if (!violation) return error;
  const lines = await lineStates(db, userId, source);
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
