/**
 * Guest carts nobody touched for the configured hours are removed with
 * their lines, in one batch, by the Cron Trigger. A customer's cart is never
 * swept. A guest coming back after that gets CART_NOT_FOUND and starts anew.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { cartItems, carts } from '../../db/schema.ts';

export async function sweepGuestCarts(db: Db, ttlHours: number): Promise<number> {
  const stale = sql`(SELECT ${carts.id} FROM ${carts} WHERE ${carts.ownerKey} LIKE 'guest:%'
    AND ${carts.updatedAt} < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`-${ttlHours} hours`}))`;
  const [, removed] = await db.batch([
    db.delete(cartItems).where(sql`${cartItems.cartId} IN ${stale}`),
    db.delete(carts).where(sql`${carts.id} IN ${stale}`).returning({ id: carts.id }),
  ]);
  return removed.length;
}
