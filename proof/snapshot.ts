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
    orders: await rows(db, 'SELECT id, user_id, status, idempotency_key, total_cents FROM orders', (r) => ({
      id: num(r.id),
      userId: num(r.user_id),
      status: String(r.status),
      idempotencyKey: String(r.idempotency_key),
      totalCents: num(r.total_cents),
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
    carts: await rows(
      db,
      `SELECT c.user_id, i.variant_id, i.quantity
       FROM cart_items i JOIN carts c ON c.id = i.cart_id WHERE c.user_id IS NOT NULL`,
      (r) => ({
        userId: num(r.user_id),
        variantId: num(r.variant_id),
        quantity: num(r.quantity),
      }),
    ),
    payments: await rows(db, 'SELECT id, order_id, status, amount_cents, captured_cents FROM payments', (r) => ({
      id: num(r.id),
      orderId: num(r.order_id),
      status: String(r.status),
      amountCents: num(r.amount_cents),
      capturedCents: num(r.captured_cents),
    })),
    refunds: await rows(db, 'SELECT payment_id, amount_cents FROM refunds', (r) => ({
      paymentId: num(r.payment_id),
      amountCents: num(r.amount_cents),
    })),
    discountCodes: await rows(db, 'SELECT id, code, used_count, usage_limit FROM discount_codes', (r) => ({
      id: num(r.id),
      code: String(r.code),
      usedCount: num(r.used_count),
      usageLimit: r.usage_limit === null ? null : num(r.usage_limit),
    })),
    redemptions: await rows(db, 'SELECT discount_code_id, order_id FROM discount_redemptions', (r) => ({
      discountCodeId: num(r.discount_code_id),
      orderId: num(r.order_id),
    })),
  };
}
