/**
 * Holds that ran out. A pending order holds its stock until `hold_expires_at`
 * (NULL: until paid or cancelled). These statements put the stock of every
 * order whose hold has passed back on sale, by the database's clock: the
 * order moves to `expired` (history row), its units return (variant stock
 * and `expiry` ledger rows), its payment expires and its code use comes
 * back. Every checkout batch runs them first, so an expired hold is
 * available to the next shopper at once, sweep or no sweep; the Cron
 * Trigger runs them too, so admins see expirations within a minute.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  discountCodes,
  discountRedemptions,
  NOW,
  orderItems,
  orderStatusHistory,
  orders,
  paymentStatusHistory,
  payments,
} from '../../db/schema.ts';
import { stockLinesStatements } from '../../db/stock.ts';

/** The orders whose hold has run out, now. */
const expiringByClock: SQL = sql`(SELECT ${orders.id} FROM ${orders} WHERE ${orders.status} = 'pending'
  AND ${orders.holdExpiresAt} IS NOT NULL AND ${orders.holdExpiresAt} <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

/** The statements for every order that ran out of time by the database's clock. */
export function expireHoldsStatements(db: Db, source: 'checkout' | 'cron') {
  return expireStatements(db, expiringByClock, source, 'hold expired');
}

/**
 * The same for one order, whatever the clock says, when its payment window
 * closed early or the provider's clock ran ahead of ours (a Stripe Checkout
 * Session that expired). Nothing happens unless the order is still pending.
 */
export function expireOrderStatements(db: Db, orderId: SQL, source: string) {
  const expiring = sql`(SELECT ${orders.id} FROM ${orders} WHERE ${orders.id} = ${orderId} AND ${orders.status} = 'pending')`;
  return expireStatements(db, expiring, source, 'payment session expired');
}

/**
 * The statements, in order: every later one still finds the expiring orders
 * pending, until the last. `expiring` must select pending orders by the
 * order row alone, since the payment moves before the order does.
 */
function expireStatements(db: Db, expiring: SQL, source: string, note: string) {
  return [
    db.run(sql`INSERT INTO ${orderStatusHistory} (order_id, from_status, to_status, actor_id, note)
      SELECT id, 'pending', 'expired', NULL, ${`${note} (${source})`} FROM ${orders} WHERE id IN ${expiring}`),
    ...stockLinesStatements(
      db,
      sql`SELECT variant_id, quantity, order_id FROM ${orderItems} WHERE order_id IN ${expiring}`,
      { reason: 'expiry', actorId: null, note },
    ),
    db.run(sql`INSERT INTO ${paymentStatusHistory} (payment_id, from_status, to_status, actor_id, source, note)
      SELECT id, status, 'expired', NULL, ${source}, ${note} FROM ${payments}
      WHERE order_id IN ${expiring} AND status = 'pending'`),
    db
      .update(payments)
      .set({ status: 'expired', updatedAt: NOW })
      .where(sql`${payments.orderId} IN ${expiring} AND ${payments.status} = 'pending'`),
    db
      .update(discountCodes)
      .set({
        usedCount: sql`${discountCodes.usedCount} - (SELECT count(*) FROM ${discountRedemptions}
          WHERE ${discountRedemptions.discountCodeId} = ${discountCodes.id} AND ${discountRedemptions.orderId} IN ${expiring})`,
        updatedAt: NOW,
      })
      .where(sql`${discountCodes.id} IN (SELECT ${discountRedemptions.discountCodeId} FROM ${discountRedemptions}
        WHERE ${discountRedemptions.orderId} IN ${expiring})`),
    db.delete(discountRedemptions).where(sql`${discountRedemptions.orderId} IN ${expiring}`),
    db
      .update(orders)
      .set({ status: 'expired', updatedAt: NOW })
      .where(sql`${orders.id} IN ${expiring}`)
      .returning({ id: orders.id }),
  ] as const;
}

/** The cron's sweep: one batch; answers how many orders expired. */
export async function expireHolds(db: Db): Promise<number> {
  const results = await db.batch(expireHoldsStatements(db, 'cron'));
  return (results[results.length - 1] as unknown[]).length;
}
