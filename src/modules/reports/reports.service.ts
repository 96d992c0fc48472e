/**
 * The admin dashboard's summary: three read-only SELECTs sent together as one
 * db.batch, behind the admin check (db/admin-check.ts), so the whole report
 * costs one round trip and reads one snapshot.
 */
import { and, asc, desc, eq, gte, lte, ne, sql } from 'drizzle-orm';
import { readAsAdmin } from '../../db/admin-check.ts';
import type { Actor } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import { orderItems, orders, products, variants } from '../../db/schema.ts';
import { REPORT_DAYS, TOP_PRODUCTS } from '../../shared/limits.ts';
import { fillDays, lastDays } from './days.ts';
import type { SummaryInput } from './reports.schema.ts';

export async function summary(db: Db, admin: Actor, input: SummaryInput, now = new Date()) {
  const days = lastDays(now, REPORT_DAYS);
  // created_at is ISO text, so comparing with the first day's midnight works as text.
  const since = `${days[0]}T00:00:00.000Z`;
  const counted = and(ne(orders.status, 'cancelled'), gte(orders.createdAt, since));
  const day = sql<string>`substr(${orders.createdAt}, 1, 10)`;
  const unitsSold = sql<number>`sum(${orderItems.quantity})`.mapWith(Number);

  const [revenueRows, topProducts, lowStock] = await readAsAdmin(db, admin.userId, [
    db
      .select({
        day,
        revenueCents: sql<number>`sum(${orders.totalCents})`.mapWith(Number),
        orders: sql<number>`count(*)`.mapWith(Number),
      })
      .from(orders)
      .where(counted)
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
