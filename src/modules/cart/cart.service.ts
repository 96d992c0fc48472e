/**
 * A customer's or a guest's cart (see cart-owner.ts): lines of variants. Prices are never stored here:
 * the read joins the current variant row. Each write is one batch whose INSERT
 * carries its own guard (the variant id is NULL unless the variant and its
 * product are on sale with enough stock), so a refused write changes nothing
 * and costs one round trip; only then does one read tell the caller why.
 * Every write also touches its cart row (creating it for a customer or a new
 * guest), so the cron can tell a guest cart left alone.
 */
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { isViolationOf } from '../../db/errors.ts';
import { variantOnSale, variantOnSaleAs } from '../../db/guards.ts';
import { preparedBatch, slot } from '../../db/prepared-batch.ts';
import { cartItems, carts, NOW, products, variants } from '../../db/schema.ts';
import { MAX_LINE_QUANTITY, MAX_ORDER_LINES } from '../../shared/limits.ts';
import { DomainError, notFound } from '../domain-error.ts';
import type { AddInput, RemoveInput, SetQuantityInput } from './cart.schema.ts';
import { type CartOwner, cartIdOf, cartNotFound, ownerSlots, ownerValues } from './cart-owner.ts';

const lineColumns = { variantId: cartItems.variantId, quantity: cartItems.quantity };

export async function getCart(db: Db, owner: CartOwner | null) {
  if (!owner) return { items: [], totalCents: 0 };
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
    .where(eq(cartItems.cartId, cartIdOf(owner)))
    .orderBy(asc(cartItems.id));
  const items = rows.map((row) => ({ ...row, options: JSON.parse(row.options) as Record<string, string> }));
  return { items, totalCents: items.reduce((sum, item) => sum + item.subtotalCents, 0) };
}

/** The quantity of this variant already in the owner's cart (0 when none). */
function quantityInCart(owner: CartOwner, variantId: number): SQL<number> {
  return sql<number>`coalesce((SELECT ${cartItems.quantity} FROM ${cartItems} WHERE ${cartItems.cartId} = ${cartIdOf(owner)} AND ${cartItems.variantId} = ${variantId}), 0)`;
}

/** The number of lines in the owner's cart. */
function cartLineCount(owner: CartOwner): SQL<number> {
  return sql<number>`(SELECT count(*) FROM ${cartItems} WHERE ${cartItems.cartId} = ${cartIdOf(owner)})`;
}

/**
 * The statement that opens a cart write: a customer's cart row is made on
 * first use; a new guest's (its token just issued) is made here; a known
 * guest's is only touched, so a token the server never issued finds no cart
 * and the line's NOT NULL cart_id refuses the write.
 */
export function touchCart(db: Db, owner: CartOwner, isNewGuest = false) {
  if (owner.kind === 'user') {
    return db
      .insert(carts)
      .values({ ownerKey: owner.key, userId: owner.userId })
      .onConflictDoUpdate({ target: carts.ownerKey, set: { updatedAt: NOW } });
  }
  if (isNewGuest) return db.insert(carts).values({ ownerKey: owner.key });
  return db.update(carts).set({ updatedAt: NOW }).where(eq(carts.ownerKey, owner.key));
}

/**
 * The variant's id when it and its product are on sale with at least
 * `wanted` in stock, `wanted` fits one line, and the line exists or the cart
 * has room for one more (an order holds at most MAX_ORDER_LINES), else NULL
 * (which NOT NULL turns into a refusal).
 */
function sellableVariantId(owner: CartOwner, variantId: number, wanted: SQL | number): SQL<number> {
  return sql<number>`(SELECT v.id FROM ${variants} v JOIN ${products} p ON p.id = v.product_id
    WHERE v.id = ${variantId} AND ${variantOnSaleAs()} AND v.stock >= ${wanted} AND ${wanted} <= ${MAX_LINE_QUANTITY}
    AND (${quantityInCart(owner, variantId)} > 0 OR ${cartLineCount(owner)} < ${MAX_ORDER_LINES}))`;
}

/**
 * Runs a guarded cart upsert; when its guard refused it, reads once to say
 * why. `wanted` is the line's quantity the write asked for, given what was in the cart.
 */
async function guardedUpsert<T>(
  db: Db,
  owner: CartOwner,
  variantId: number,
  wanted: (inCart: number) => number,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isViolationOf(error, 'notnull', 'cart_items.cart_id')) throw cartNotFound();
    if (!isViolationOf(error, 'notnull', 'cart_items.variant_id')) throw error;
    const [variant] = await db
      .select({
        onSale: variantOnSale().mapWith(Boolean),
        stock: variants.stock,
        inCart: quantityInCart(owner, variantId),
        lines: cartLineCount(owner),
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

/** The cart a write works on; `isNewGuest` when the request came without a cart and its token is issued now. */
export type CartTarget = { owner: CartOwner; isNewGuest?: boolean };

/** The add's batch: the cart row, then the line merged with what is there (stock must cover the merged quantity). */
function addBatch(db: Db, owner: CartOwner, isNewGuest: boolean, variantId: number, quantity: number) {
  const wanted = sql`(${quantity} + ${quantityInCart(owner, variantId)})`;
  return [
    touchCart(db, owner, isNewGuest),
    db
      .insert(cartItems)
      .values({ cartId: cartIdOf(owner), variantId: sellableVariantId(owner, variantId, wanted), quantity })
      .onConflictDoUpdate({
        target: [cartItems.cartId, cartItems.variantId],
        set: { quantity: sql`${cartItems.quantity} + excluded.quantity` },
      })
      .returning(lineColumns),
  ] as const;
}

/** What changes the add's SQL text; the owner, variant and quantity are placeholders (src/db/prepared-batch.ts). */
type AddShape = { owner: CartOwner['kind']; isNewGuest: boolean };

const runAdd = preparedBatch((db, shape: AddShape) =>
  addBatch(db, ownerSlots(shape.owner), shape.isNewGuest, slot('variantId'), slot('quantity')),
);

/** Adds to the line, merging with what is there; stock must cover the merged quantity. */
export function addToCart(db: Db, { owner, isNewGuest = false }: CartTarget, input: AddInput) {
  const { variantId, quantity } = input;
  return guardedUpsert(
    db,
    owner,
    variantId,
    (inCart) => inCart + quantity,
    async () => {
      const [, [line]] = await runAdd(
        db,
        { owner: owner.kind, isNewGuest },
        { ...ownerValues(owner), variantId, quantity },
      );
      return line as NonNullable<typeof line>;
    },
  );
}

/** Sets the line to `quantity`; 0 removes it. */
export async function setCartQuantity(db: Db, { owner, isNewGuest }: CartTarget, input: SetQuantityInput) {
  const { variantId, quantity } = input;
  if (quantity === 0) {
    await db.batch([
      db.delete(cartItems).where(and(eq(cartItems.cartId, cartIdOf(owner)), eq(cartItems.variantId, variantId))),
    ]);
    return { variantId, quantity: 0 };
  }
  return guardedUpsert(
    db,
    owner,
    variantId,
    () => quantity,
    async () => {
      const [, [line]] = await db.batch([
        touchCart(db, owner, isNewGuest),
        db
          .insert(cartItems)
          .values({ cartId: cartIdOf(owner), variantId: sellableVariantId(owner, variantId, quantity), quantity })
          .onConflictDoUpdate({
            target: [cartItems.cartId, cartItems.variantId],
            set: { quantity: sql`excluded.quantity` },
          })
          .returning(lineColumns),
      ]);
      return line as NonNullable<typeof line>;
    },
  );
}

export async function removeFromCart(db: Db, owner: CartOwner, input: RemoveInput) {
  const [removed] = await db.batch([
    db
      .delete(cartItems)
      .where(and(eq(cartItems.cartId, cartIdOf(owner)), eq(cartItems.variantId, input.variantId)))
      .returning({ variantId: cartItems.variantId }),
  ]);
  return { removed: removed.length };
}

export async function clearCart(db: Db, owner: CartOwner) {
  const [removed] = await db.batch([
    db
      .delete(cartItems)
      .where(eq(cartItems.cartId, cartIdOf(owner)))
      .returning({ variantId: cartItems.variantId }),
  ]);
  return { removed: removed.length };
}
