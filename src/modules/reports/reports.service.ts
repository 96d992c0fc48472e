/**
 * The admin dashboard's summary: three read-only SELECTs sent together as one
 * db.batch, behind the admin check (db/admin-check.ts), so the whole report
 * costs one round trip and reads one snapshot.
 */
import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { readAsAdmin } from '../../db/admin-check.ts';
import type { Actor } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import { orderItems, orders, payments, products, variants } from '../../db/schema.ts';
import { REPORT_DAYS, TOP_PRODUCTS } from '../../shared/limits.ts';
import { fillDays, lastDays } from './days.ts';
import type { SummaryInput } from './reports.schema.ts';

export async function summary(db: Db, admin: Actor, input: SummaryInput, now = new Date()) {
  const days = lastDays(now, REPORT_DAYS);
  // created_at is ISO text, so comparing with the first day's midnight works as text.
  const since = `${days[0]}T00:00:00.000Z`;
  // Orders that sold something: confirmed or completed (pending ones only hold stock; cancelled and expired gave it back).
  const counted = and(inArray(orders.status, ['confirmed', 'completed']), gte(orders.createdAt, since));
  const day = sql<string>`substr(${orders.createdAt}, 1, 10)`;
  const unitsSold = sql<number>`sum(${orderItems.quantity})`.mapWith(Number);

  const [revenueRows, topProducts, lowStock] = await readAsAdmin(db, admin.userId, [
    db
      .select({
        day,
        // Money actually taken: captured minus refunded, whatever the order's status (a refund counts when made).
        revenueCents: sql<number>`coalesce(sum(${payments.capturedCents} - ${payments.refundedCents}), 0)`.mapWith(
          Number,
        ),
        orders: sql<number>`count(*) FILTER (WHERE ${orders.status} IN ('confirmed', 'completed'))`.mapWith(Number),
      })
      .from(orders)
      .innerJoin(payments, eq(payments.orderId, orders.id))
      .where(
        and(
          gte(orders.createdAt, since),
          sql`${payments.capturedCents} > 0 OR ${orders.status} IN ('confirmed', 'completed')`,
        ),
      )
      .groupBy(day),
    // The same window as the revenue, so the two parts of the report agree.
    db
      .select({
        productId: orderItems.productId,
        name: products.name,
        unitsSold,
        revenueCents: sql<number>`sum(${orderItems.quantity} * ${orderItems.unitPriceCents})`.mapWith(Number),
      })
      .from(orderItems)
      .innerJoin(orders, eq(orders.id, orderItems.orderId))
      .innerJoin(products, eq(products.id, orderItems.productId))
      .where(counted)
      .groupBy(orderItems.productId)
      .orderBy(desc(unitsSold), asc(orderItems.productId))
      .limit(TOP_PRODUCTS),
    // Stock is per variant: a product low in one size is low there, whatever its other sizes hold.
    db
      .select({
        id: variants.id,
        productId: products.id,
        name: products.name,
        sku: variants.sku,
        options: variants.options,
        stock: variants.stock,
      })
      .from(variants)
      .innerJoin(products, eq(products.id, variants.productId))
      .where(
        and(eq(products.isActive, true), eq(variants.isActive, true), lte(variants.stock, input.lowStockThreshold)),
      )
      .orderBy(asc(variants.stock), asc(variants.id)),
  ]);
  return {
    revenueByDay: fillDays(days, revenueRows),
    topProducts,
    lowStock: lowStock.map((row) => ({ ...row, options: JSON.parse(row.options) as Record<string, string> })),
  };
}
