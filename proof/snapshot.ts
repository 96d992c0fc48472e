/** The tables the checker holds against the history, read once the load has stopped. */
import type { Client } from '@libsql/client';
import type { DbState } from './check.ts';

async function rows<T>(db: Client, sql: string, map: (row: Record<string, unknown>) => T): Promise<T[]> {
  return (await db.execute(sql)).rows.map((row) => map(row as Record<string, unknown>));
}

const num = (value: unknown) => Number(value);
const text = (value: unknown) => (value === null ? null : String(value));

export async function readSnapshot(db: Client): Promise<DbState> {
  return {
    orders: await rows(db, 'SELECT id, user_id, status, idempotency_key FROM orders', (r) => ({
      id: num(r.id),
      userId: num(r.user_id),
      status: String(r.status),
      idempotencyKey: String(r.idempotency_key),
    })),
    orderItems: await rows(db, 'SELECT order_id, variant_id, quantity, unit_price_cents FROM order_items', (r) => ({
      orderId: num(r.order_id),
      variantId: num(r.variant_id),
      quantity: num(r.quantity),
      unitPriceCents: num(r.unit_price_cents),
    })),
    statusHistory: await rows(db, 'SELECT id, order_id, from_status, to_status FROM order_status_history', (r) => ({
      id: num(r.id),
      orderId: num(r.order_id),
      fromStatus: text(r.from_status),
      toStatus: String(r.to_status),
    })),
    movements: await rows(
      db,
      'SELECT id, variant_id, quantity_change, reason, order_id, note FROM inventory_movements',
      (r) => ({
        id: num(r.id),
        variantId: num(r.variant_id),
        change: num(r.quantity_change),
        reason: String(r.reason),
        orderId: r.order_id === null ? null : num(r.order_id),
        note: text(r.note),
      }),
    ),
    variants: await rows(db, 'SELECT id, stock FROM variants', (r) => ({ id: num(r.id), stock: num(r.stock) })),
    carts: await rows(db, 'SELECT user_id, variant_id, quantity FROM cart_items', (r) => ({
      userId: num(r.user_id),
      variantId: num(r.variant_id),
      quantity: num(r.quantity),
    })),
  };
}
