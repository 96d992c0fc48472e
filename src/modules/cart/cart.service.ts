/**
 * The signed-in user's cart: lines of variants. Prices are never stored here:
 * the read joins the current variant row. Each write is one batch whose INSERT
 * carries its own guard (the variant id is NULL unless the variant and its
 * product are on sale with enough stock), so a refused write changes nothing
 * and costs one round trip; only then does one read tell the caller why.
 */
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { isViolationOf } from '../../db/errors.ts';
import { variantOnSale } from '../../db/guards.ts';
import { cartItems, products, variants } from '../../db/schema.ts';
import { MAX_LINE_QUANTITY, MAX_ORDER_LINES } from '../../shared/limits.ts';
import { DomainError, notFound } from '../domain-error.ts';
import type { AddInput, RemoveInput, SetQuantityInput } from './cart.schema.ts';

const lineColumns = { variantId: cartItems.variantId, quantity: cartItems.quantity };

export async function getCart(db: Db, userId: number) {
  const rows = await db
    .select({
      variantId: cartItems.variantId,
      productId: variants.productId,
      name: products.name,
      sku: variants.sku,
      options: variants.options,
      priceCents: variants.priceCents,
      quantity: cartItems.quantity,
      subtotalCents: sql<number>`${variants.priceCents} * ${cartItems.quantity}`,
      available: sql<boolean>`(${variantOnSale()} AND ${variants.stock} >= ${cartItems.quantity})`.mapWith(Boolean),
    })
    .from(cartItems)
    .innerJoin(variants, eq(variants.id, cartItems.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(cartItems.userId, userId))
    .orderBy(asc(cartItems.id));
  const items = rows.map((row) => ({ ...row, options: JSON.parse(row.options) as Record<string, string> }));
  return { items, totalCents: items.reduce((sum, item) => sum + item.subtotalCents, 0) };
}

/** The quantity of this variant already in the user's cart (0 when none). */
function quantityInCart(userId: number, variantId: number): SQL<number> {
  return sql<number>`coalesce((SELECT ${cartItems.quantity} FROM ${cartItems} WHERE ${cartItems.userId} = ${userId} AND ${cartItems.variantId} = ${variantId}), 0)`;
}

/** The number of lines in the user's cart. */
function cartLineCount(userId: number): SQL<number> {
  return sql<number>`(SELECT count(*) FROM ${cartItems} WHERE ${cartItems.userId} = ${userId})`;
}

/**
 * The variant's id when it and its product are on sale with at least
 * `wanted` in stock, `wanted` fits one line, and the line exists or the cart
 * has room for one more (an order holds at most MAX_ORDER_LINES), else NULL
 * (which NOT NULL turns into a refusal).
 */
function sellableVariantId(userId: number, variantId: number, wanted: SQL | number): SQL<number> {
  return sql<number>`(SELECT v.id FROM ${variants} v JOIN ${products} p ON p.id = v.product_id
    WHERE v.id = ${variantId} AND v.is_active = 1 AND p.is_active = 1 AND v.stock >= ${wanted} AND ${wanted} <= ${MAX_LINE_QUANTITY}
    AND (${quantityInCart(userId, variantId)} > 0 OR ${cartLineCount(userId)} < ${MAX_ORDER_LINES}))`;
}

/**
 * Runs a guarded cart upsert; when its guard refused it, reads once to say
 * why. `wanted` is the line's quantity the write asked for, given what was in the cart.
 */
async function guardedUpsert<T>(
  db: Db,
  userId: number,
  variantId: number,
  wanted: (inCart: number) => number,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isViolationOf(error, 'notnull', 'cart_items.variant_id')) throw error;
    const [variant] = await db
      .select({
        onSale: variantOnSale().mapWith(Boolean),
        stock: variants.stock,
        inCart: quantityInCart(userId, variantId),
        lines: cartLineCount(userId),
      })
      .from(variants)
      .innerJoin(products, eq(products.id, variants.productId))
      .where(eq(variants.id, variantId));
    if (!variant) throw notFound('variant', variantId);
    if (!variant.onSale) {
      throw new DomainError('PRODUCT_UNAVAILABLE', `Variant ${variantId} is no longer for sale`, { variantId });
    }
    if (variant.inCart === 0 && variant.lines >= MAX_ORDER_LINES) {
      throw new DomainError(
        'CART_TOO_LARGE',
        `A cart holds at most ${MAX_ORDER_LINES} different items, as an order does; check out or remove a line first`,
        { lines: variant.lines },
      );
    }
    const quantity = wanted(variant.inCart);
    if (quantity > MAX_LINE_QUANTITY && variant.stock >= quantity) {
      throw new DomainError(
        'LINE_QUANTITY_LIMIT',
        `A cart line holds at most ${MAX_LINE_QUANTITY}; this one already has ${variant.inCart}`,
        { variantId, inCart: variant.inCart },
      );
    }
    throw new DomainError('INSUFFICIENT_STOCK', `Only ${variant.stock} of variant ${variantId} in stock`, {
      variantId,
      available: variant.stock,
      inCart: variant.inCart,
    });
  }
}

/** Adds to the line, merging with what is there; stock must cover the merged quantity. */
export function addToCart(db: Db, userId: number, input: AddInput) {
  const { variantId, quantity } = input;
  return guardedUpsert(
    db,
    userId,
    variantId,
    (inCart) => inCart + quantity,
    async () => {
      const wanted = sql`(${quantity} + ${quantityInCart(userId, variantId)})`;
      const [[line]] = await db.batch([
        db
          .insert(cartItems)
          .values({ userId, variantId: sellableVariantId(userId, variantId, wanted), quantity })
          .onConflictDoUpdate({
            target: [cartItems.userId, cartItems.variantId],
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
  const { variantId, quantity } = input;
  if (quantity === 0) {
    await db.batch([db.delete(cartItems).where(and(eq(cartItems.userId, userId), eq(cartItems.variantId, variantId)))]);
    return { variantId, quantity: 0 };
  }
  return guardedUpsert(
    db,
    userId,
    variantId,
    () => quantity,
    async () => {
      const [[line]] = await db.batch([
        db
          .insert(cartItems)
          .values({ userId, variantId: sellableVariantId(userId, variantId, quantity), quantity })
          .onConflictDoUpdate({
            target: [cartItems.userId, cartItems.variantId],
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
      .where(and(eq(cartItems.userId, userId), eq(cartItems.variantId, input.variantId)))
      .returning({ variantId: cartItems.variantId }),
  ]);
  return { removed: removed.length };
}

export async function clearCart(db: Db, userId: number) {
  const [removed] = await db.batch([
    db.delete(cartItems).where(eq(cartItems.userId, userId)).returning({ variantId: cartItems.variantId }),
  ]);
  return { removed: removed.length };
}
