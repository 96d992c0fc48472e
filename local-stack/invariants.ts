/**
 * The checks that the database is whole after a load, for the proofs and the
 * benchmark: direct SQL for every way an order could be partial or the stock
 * could drift, and the admin's reconcile through the API.
 */
import type { Client } from '@libsql/client';
import { adminToken } from './customers.ts';
import type { Stack } from './start-stack.ts';
import { query } from './trpc-http.ts';

async function ids(db: Client, sql: string): Promise<number[]> {
  return (await db.execute(sql)).rows.map((row) => Number(Object.values(row)[0]));
}

/**
 * Every way an order could be partial or the stock could drift, each as the
 * ids that break it (all empty when the database is whole).
 */
export async function brokenInvariants(db: Client) {
  return {
    ordersWithoutItems: await ids(
      db,
      'SELECT o.id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)',
    ),
    ordersWithWrongLineCount: await ids(
      db,
      'SELECT o.id FROM orders o WHERE o.line_count <> (SELECT count(*) FROM order_items i WHERE i.order_id = o.id)',
    ),
    // The subtotal is the lines' sum, their discount shares add up to the order's discount, their
    // tax plus the shipping's to its tax (the total itself is tied to those by a CHECK).
    ordersWithWrongTotal: await ids(
      db,
      `SELECT o.id FROM orders o
       WHERE o.subtotal_cents <> (SELECT sum(quantity * unit_price_cents) FROM order_items i WHERE i.order_id = o.id)
          OR o.discount_cents <> (SELECT sum(discount_cents) FROM order_items i WHERE i.order_id = o.id)
          OR o.tax_cents <> o.shipping_tax_cents + (SELECT sum(tax_cents) FROM order_items i WHERE i.order_id = o.id)`,
    ),
    ordersWithoutPayment: await ids(
      db,
      `SELECT o.id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.amount_cents = o.total_cents)`,
    ),
    ordersWithoutHistory: await ids(
      db,
      `SELECT o.id FROM orders o WHERE NOT EXISTS
       (SELECT 1 FROM order_status_history h WHERE h.order_id = o.id AND h.from_status IS NULL AND h.to_status = 'pending')`,
    ),
    itemsWithoutSaleMovement: await ids(
      db,
      `SELECT i.order_id FROM order_items i WHERE NOT EXISTS (SELECT 1 FROM inventory_movements m
       WHERE m.order_id = i.order_id AND m.variant_id = i.variant_id AND m.reason = 'sale' AND m.quantity_change = -i.quantity)`,
    ),
    saleMovementsWithoutItem: await ids(
      db,
      `SELECT m.id FROM inventory_movements m WHERE m.reason = 'sale' AND NOT EXISTS (SELECT 1 FROM order_items i
       WHERE i.order_id = m.order_id AND i.variant_id = m.variant_id AND m.quantity_change = -i.quantity)`,
    ),
    stockNotLedger: await ids(
      db,
      `SELECT v.id FROM variants v
       WHERE v.stock <> (SELECT coalesce(sum(quantity_change), 0) FROM inventory_movements m WHERE m.variant_id = v.id)`,
    ),
    negativeStock: await ids(db, 'SELECT id FROM variants WHERE stock < 0'),
  };
}

export const WHOLE = {
  ordersWithoutItems: [],
  ordersWithWrongLineCount: [],
  ordersWithWrongTotal: [],
  ordersWithoutPayment: [],
  ordersWithoutHistory: [],
  itemsWithoutSaleMovement: [],
  saleMovementsWithoutItem: [],
  stockNotLedger: [],
  negativeStock: [],
};

/** `inventory.reconcile` through the API, as an admin would run it; undefined when the call fails. */
export async function reconcile(stack: Stack): Promise<{ ok: boolean; mismatches: unknown[] } | undefined> {
  const reply = await query(stack, 'inventory.reconcile', await adminToken(stack));
  return reply.body.result?.data as { ok: boolean; mismatches: unknown[] } | undefined;
}
