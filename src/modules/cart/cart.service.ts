/**
 * The signed-in user's cart. Prices are never stored here: the read joins the
 * current product row. Each write is one batch whose INSERT carries its own
 * guard (the product id is NULL unless the product is on sale with enough
 * stock), so a refused write changes nothing and costs one round trip; only
 * then does one read tell the caller why.
 */
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { isViolationOf } from '../../db/errors.ts';
import { cartItems, products } from '../../db/schema.ts';
import { MAX_LINE_QUANTITY, MAX_ORDER_LINES } from '../../shared/limits.ts';
import { DomainError, notFound } from '../domain-error.ts';
import type { AddInput, RemoveInput, SetQuantityInput } from './cart.schema.ts';

const lineColumns = { productId: cartItems.productId, quantity: cartItems.quantity };

export async function getCart(db: Db, userId: number) {
  const items = await db
    .select({
      productId: cartItems.productId,
      name: products.name,
      priceCents: products.priceCents,
      quantity: cartItems.quantity,
      subtotalCents: sql<number>`${products.priceCents} * ${cartItems.quantity}`,
      available: sql<boolean>`(${products.isActive} = 1 AND ${products.stock} >= ${cartItems.quantity})`.mapWith(
        Boolean,
      ),
    })
    .from(cartItems)
    .innerJoin(products, eq(products.id, cartItems.productId))
    .where(eq(cartItems.userId, userId))
    .orderBy(asc(cartItems.id));
  return { items, totalCents: items.reduce((sum, item) => sum + item.subtotalCents, 0) };
}

/** The quantity of this product already in the user's cart (0 when none). */
function quantityInCart(userId: number, productId: number): SQL<number> {
  return sql<number>`coalesce((SELECT ${cartItems.quantity} FROM ${cartItems} WHERE ${cartItems.userId} = ${userId} AND ${cartItems.productId} = ${productId}), 0)`;
}

/** The number of lines in the user's cart. */
function cartLineCount(userId: number): SQL<number> {
  return sql<number>`(SELECT count(*) FROM ${cartItems} WHERE ${cartItems.userId} = ${userId})`;
}

/**
 * The product's id when it is on sale with at least `wanted` in stock,
 * `wanted` fits one line, and the line exists or the cart has room for one
 * more (an order holds at most MAX_ORDER_LINES), else NULL (which NOT NULL
 * turns into a refusal).
 */
function sellableProductId(userId: number, productId: number, wanted: SQL | number): SQL<number> {
  return sql<number>`(SELECT ${products.id} FROM ${products} WHERE ${products.id} = ${productId} AND ${products.isActive} = 1 AND ${products.stock} >= ${wanted} AND ${wanted} <= ${MAX_LINE_QUANTITY}
    AND (${quantityInCart(userId, productId)} > 0 OR ${cartLineCount(userId)} < ${MAX_ORDER_LINES}))`;
}

/**
 * Runs a guarded cart upsert; when its guard refused it, reads once to say
 * why. `wanted` is the line's quantity the write asked for, given what was in the cart.
 */
async function guardedUpsert<T>(
  db: Db,
  userId: number,
  productId: number,
  wanted: (inCart: number) => number,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isViolationOf(error, 'notnull', 'cart_items.product_id')) throw error;
    const [product] = await db
      .select({
        isActive: products.isActive,
        stock: products.stock,
        inCart: quantityInCart(userId, productId),
        lines: cartLineCount(userId),
      })
      .from(products)
      .where(eq(products.id, productId));
    if (!product) throw notFound('product', productId);
    if (!product.isActive) {
      throw new DomainError('PRODUCT_UNAVAILABLE', `Product ${productId} is no longer for sale`, { productId });
    }
    if (product.inCart === 0 && product.lines >= MAX_ORDER_LINES) {
      throw new DomainError(
        'CART_TOO_LARGE',
        `A cart holds at most ${MAX_ORDER_LINES} different products, as an order does; check out or remove a line first`,
        { lines: product.lines },
      );
    }
    const quantity = wanted(product.inCart);
    if (quantity > MAX_LINE_QUANTITY && product.stock >= quantity) {
      throw new DomainError(
        'LINE_QUANTITY_LIMIT',
        `A cart line holds at most ${MAX_LINE_QUANTITY}; this one already has ${product.inCart}`,
        { productId, inCart: product.inCart },
      );
    }
    throw new DomainError('INSUFFICIENT_STOCK', `Only ${product.stock} of product ${productId} in stock`, {
      productId,
      available: product.stock,
      inCart: product.inCart,
    });
  }
}

/** Adds to the line, merging with what is there; stock must cover the merged quantity. */
export function addToCart(db: Db, userId: number, input: AddInput) {
  const { productId, quantity } = input;
  return guardedUpsert(
    db,
    userId,
    productId,
    (inCart) => inCart + quantity,
    async () => {
      const wanted = sql`(${quantity} + ${quantityInCart(userId, productId)})`;
      const [[line]] = await db.batch([
        db
          .insert(cartItems)
          .values({ userId, productId: sellableProductId(userId, productId, wanted), quantity })
          .onConflictDoUpdate({
            target: [cartItems.userId, cartItems.productId],
            set: { quantity: sql`${cartItems.quantity} + excluded.quantity` },
          })
          .returning(lineColumns),
      ]);
      return line as NonNullable<typeof line>;
    },
  );
}

/** Sets the line to `quantity`; 0 removes it. */
export async function setCartQuantity(db: Db, userId: number, input: SetQuantityInput) {
  const { productId, quantity } = input;
  if (quantity === 0) {
    await db.batch([db.delete(cartItems).where(and(eq(cartItems.userId, userId), eq(cartItems.productId, productId)))]);
    return { productId, quantity: 0 };
  }
  return guardedUpsert(
    db,
    userId,
    productId,
    () => quantity,
    async () => {
      const [[line]] = await db.batch([
        db
          .insert(cartItems)
          .values({ userId, productId: sellableProductId(userId, productId, quantity), quantity })
          .onConflictDoUpdate({
            target: [cartItems.userId, cartItems.productId],
            set: { quantity: sql`excluded.quantity` },
          })
          .returning(lineColumns),
      ]);
      return line as NonNullable<typeof line>;
    },
  );
}

export async function removeFromCart(db: Db, userId: number, input: RemoveInput) {
  const [removed] = await db.batch([
    db
      .delete(cartItems)
      .where(and(eq(cartItems.userId, userId), eq(cartItems.productId, input.productId)))
      .returning({ productId: cartItems.productId }),
  ]);
  return { removed: removed.length };
}

export async function clearCart(db: Db, userId: number) {
  const [removed] = await db.batch([
    db.delete(cartItems).where(eq(cartItems.userId, userId)).returning({ productId: cartItems.productId }),
  ]);
  return { removed: removed.length };
}
