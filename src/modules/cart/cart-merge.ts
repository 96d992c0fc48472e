/**
 * Signing in (or up) with a guest cart moves its lines into the account's
 * cart, in ONE batch: quantities add up, clamped to the line limit, to the
 * stock (never below what the account's line already held), and to the
 * cart's line limit; lines not for sale are dropped. The same plan (one SQL
 * definition) is read for the answer and written, inside one transaction,
 * so the report says exactly what happened. A checkout of the guest cart
 * racing the merge is serialized with it: the lines end up in the order or
 * in the account's cart, never both, never neither.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { variantOnSaleAs } from '../../db/guards.ts';
import { cartItems, carts } from '../../db/schema.ts';
import { MAX_LINE_QUANTITY, MAX_ORDER_LINES } from '../../shared/limits.ts';
import { touchCart } from './cart.service.ts';
import { CART_TOKEN_PATTERN, type CartOwner, cartIdOf, guestOwner, userOwner } from './cart-owner.ts';

/** Why a guest line did not move whole: not for sale, short of stock, at the line limit, or the cart was full. */
export type MergeLimit = 'unavailable' | 'stock' | 'line_limit' | 'cart_full';

export type MergedLine = {
  variantId: number;
  /** What the guest cart held, and what the account's cart held before. */
  guestQuantity: number;
  had: number;
  /** The account's line after the merge. */
  quantity: number;
  limitedBy: MergeLimit | null;
};

export type CartMerge = {
  /** Guest lines that moved whole. */
  merged: number;
  /** Guest lines that were clamped (some units moved) or dropped (none did), and why. */
  clamped: MergedLine[];
  dropped: MergedLine[];
};

/** One row per guest line: what the account's line becomes, and why it is less than the sum when it is. */
function mergePlan(guest: CartOwner, user: CartOwner): SQL {
  return sql`
    WITH g AS (SELECT id, variant_id, quantity FROM ${cartItems} WHERE cart_id = ${cartIdOf(guest)}),
    u AS (SELECT variant_id, quantity FROM ${cartItems} WHERE cart_id = ${cartIdOf(user)}),
    lines AS (
      SELECT g.id, g.variant_id, g.quantity AS guest_quantity, coalesce(u.quantity, 0) AS had,
        u.variant_id IS NOT NULL AS existing,
        coalesce(${variantOnSaleAs()}, 0) AS on_sale, coalesce(v.stock, 0) AS stock
      FROM g LEFT JOIN u ON u.variant_id = g.variant_id
        LEFT JOIN variants v ON v.id = g.variant_id LEFT JOIN products p ON p.id = v.product_id),
    capped AS (
      SELECT *, CASE WHEN on_sale THEN max(had, min(had + guest_quantity, ${sql.raw(String(MAX_LINE_QUANTITY))}, stock)) ELSE had END AS capped
      FROM lines),
    ranked AS (
      SELECT *, CASE WHEN NOT existing AND capped > 0
          THEN row_number() OVER (PARTITION BY (NOT existing AND capped > 0) ORDER BY id) END AS new_rank,
        (SELECT count(*) FROM u) AS user_lines
      FROM capped)
    SELECT variant_id AS variantId, guest_quantity AS guestQuantity, had,
      CASE WHEN user_lines + new_rank > ${sql.raw(String(MAX_ORDER_LINES))} THEN had ELSE capped END AS quantity,
      CASE WHEN NOT on_sale THEN 'unavailable'
        WHEN user_lines + new_rank > ${sql.raw(String(MAX_ORDER_LINES))} THEN 'cart_full'
        WHEN capped < had + guest_quantity AND capped < stock THEN 'line_limit'
        WHEN capped < had + guest_quantity THEN 'stock'
        END AS limitedBy
    FROM ranked ORDER BY id`;
}

/** The merge's statements: the account's cart row, the plan (read), the upsert, and the guest cart's removal. */
export function mergeCartStatements(db: Db, guest: CartOwner, user: CartOwner) {
  return [
    touchCart(db, user),
    db.all<MergedLine>(mergePlan(guest, user)),
    db.run(sql`INSERT INTO ${cartItems} (cart_id, variant_id, quantity)
      SELECT ${cartIdOf(user)}, variantId, quantity FROM (${mergePlan(guest, user)}) WHERE quantity > had
      ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = excluded.quantity`),
    db.run(sql`DELETE FROM ${cartItems} WHERE cart_id = ${cartIdOf(guest)}`),
    db.run(sql`DELETE FROM ${carts} WHERE owner_key = ${guest.key}`),
  ] as const;
}

export async function mergeGuestCart(db: Db, guest: CartOwner, user: CartOwner): Promise<CartMerge> {
  const [, plan] = await db.batch(mergeCartStatements(db, guest, user));
  const lines = plan.map((line) => ({
    variantId: Number(line.variantId),
    guestQuantity: Number(line.guestQuantity),
    had: Number(line.had),
    quantity: Number(line.quantity),
    limitedBy: line.limitedBy,
  }));
  return {
    merged: lines.filter((line) => line.quantity === line.had + line.guestQuantity).length,
    clamped: lines.filter((line) => line.quantity > line.had && line.quantity < line.had + line.guestQuantity),
    dropped: lines.filter((line) => line.quantity === line.had),
  };
}

/**
 * The merge a sign-in or sign-up does when the request carries a guest's
 * X-Cart-Token; null without one. A malformed token is no cart to merge:
 * signing in never fails because of the cart.
 */
export async function mergeOnSignIn(db: Db, cartToken: string | null, userId: number): Promise<CartMerge | null> {
  if (cartToken === null || !CART_TOKEN_PATTERN.test(cartToken)) return null;
  return mergeGuestCart(db, await guestOwner(cartToken), userOwner(userId));
}
