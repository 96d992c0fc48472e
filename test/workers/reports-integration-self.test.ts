import { describe, expect, it } from 'vitest';
import {
  client,
  countRoundTrips,
  FIXTURE_METHOD_ID,
  newIdempotencyKey,
  signInAdmin,
  signUpCustomer,
  trpcError,
} from './helpers.ts';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Runs `run` within one UTC day and hands it that day. The report's days are
 * UTC dates taken when it is asked for, so a run that straddles midnight is
 * repeated (with fresh data, as every run makes its own), and the day the
 * assertions use is the day the report was made on.
 */
async function onOneUtcDay<T>(run: (day: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const day = today();
    const result = await run(day);
    if (today() === day || attempt === 2) return result;
  }
}

let counter = 0;
async function newProduct(stock: number, priceCents = 100) {
  counter += 1;
  const { api } = await signInAdmin();
  const category = await api.catalog.createCategory.mutate({
    name: 'Report tests',
    slug: `report-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 6)}`,
  });
  const created = await api.catalog.createProduct.mutate({
    categoryId: category.id,
    name: `Report product ${counter}`,
    priceCents,
    stock,
  });
  // Sold in one variant, which orders and stock changes take.
  return { ...created, variantId: created.variants[0]?.id as number };
}

function dayOf(summary: { revenueByDay: Array<{ day: string; revenueCents: number; orders: number }> }, day: string) {
  return summary.revenueByDay.find((entry) => entry.day === day) ?? { revenueCents: NaN, orders: NaN };
}

describe('reports.summary', () => {
  it('answers 30 consecutive days ending today, top products and low stock, in one round trip', async () => {
    const { api } = await signInAdmin();
    await api.reports.summary.query();
    let summary: Awaited<ReturnType<typeof api.reports.summary.query>> | undefined;
    const { trips, day } = await onOneUtcDay(async (day) => ({
      trips: await countRoundTrips(async () => (summary = await api.reports.summary.query())),
      day,
    }));
    expect(trips).toBe(1);
    const days = summary?.revenueByDay.map((entry) => entry.day) ?? [];
    expect(days).toHaveLength(30);
    expect(days[29]).toBe(day);
    for (let index = 1; index < days.length; index++) {
      const gap = Date.parse(days[index] as string) - Date.parse(days[index - 1] as string);
      expect(gap).toBe(24 * 60 * 60 * 1000);
    }
    for (const entry of summary?.revenueByDay ?? []) {
      expect(entry).toEqual({ day: expect.any(String), revenueCents: expect.any(Number), orders: expect.any(Number) });
    }
    expect(summary?.topProducts.length).toBeLessThanOrEqual(10);
  });

  it('counts today’s paid orders and their money, leaving unpaid and cancelled orders out', async () => {
    const { before, after } = await onOneUtcDay(async (day) => {
      const product = await newProduct(50, 700);
      const { api } = await signInAdmin();
      const customer = await signUpCustomer();
      const before = dayOf(await api.reports.summary.query(), day);
      const paid = await customer.api.orders.create.mutate({
        idempotencyKey: newIdempotencyKey(),
        items: [{ variantId: product.variantId, quantity: 3 }],
        shippingMethodId: FIXTURE_METHOD_ID,
      });
      await api.payments.record.mutate({ orderId: paid.id, amountCents: paid.totalCents, reference: 'report' });
      await customer.api.orders.create.mutate({
        idempotencyKey: newIdempotencyKey(),
        items: [{ variantId: product.variantId, quantity: 1 }],
        shippingMethodId: FIXTURE_METHOD_ID,
      });
      const cancelled = await customer.api.orders.create.mutate({
        idempotencyKey: newIdempotencyKey(),
        items: [{ variantId: product.variantId, quantity: 5 }],
        shippingMethodId: FIXTURE_METHOD_ID,
      });
      await customer.api.orders.cancel.mutate({ id: cancelled.id });
      return { before, after: dayOf(await api.reports.summary.query(), day) };
    });
    expect(after.orders - before.orders).toBe(1);
    expect(after.revenueCents - before.revenueCents).toBe(2100);
  });

  it('ranks products by units sold in confirmed orders with their revenue, ignoring cancelled ones', async () => {
    const bestseller = await newProduct(2000, 250);
    const onlyCancelled = await newProduct(2000, 250);
    const customer = await signUpCustomer();
    const { api: admin } = await signInAdmin();
    const sold = await customer.api.orders.create.mutate({
      idempotencyKey: newIdempotencyKey(),
      items: [{ variantId: bestseller.variantId, quantity: 990 }],
      shippingMethodId: FIXTURE_METHOD_ID,
    });
    await admin.payments.record.mutate({ orderId: sold.id, amountCents: sold.totalCents, reference: 'report' });
    const cancelled = await customer.api.orders.create.mutate({
      idempotencyKey: newIdempotencyKey(),
      items: [{ variantId: onlyCancelled.variantId, quantity: 995 }],
      shippingMethodId: FIXTURE_METHOD_ID,
    });
    await customer.api.orders.cancel.mutate({ id: cancelled.id });
    const { api } = await signInAdmin();
    const { topProducts } = await api.reports.summary.query();
    expect(topProducts).toContainEqual({
      productId: bestseller.id,
      name: bestseller.name,
      unitsSold: 990,
      revenueCents: 990 * 250,
    });
    expect(topProducts.map((entry) => entry.productId)).not.toContain(onlyCancelled.id);
    const units = topProducts.map((entry) => entry.unitsSold);
    expect(units).toEqual([...units].sort((a, b) => b - a));
  });

  it('lists variants on sale at or below the threshold (default 5), lowest stock first', async () => {
    const low = await newProduct(2);
    const atThreshold = await newProduct(5);
    const above = await newProduct(6);
    const archived = await newProduct(1);
    const { api } = await signInAdmin();
    await api.catalog.updateProduct.mutate({ id: archived.id, isActive: false });

    const { lowStock } = await api.reports.summary.query();
    const ids = lowStock.map((entry) => entry.id);
    expect(lowStock).toContainEqual({
      id: low.variantId,
      productId: low.id,
      name: low.name,
      sku: `SKU-${low.variantId}`,
      options: {},
      stock: 2,
    });
    expect(ids).toContain(atThreshold.variantId);
    expect(ids).not.toContain(above.variantId);
    expect(ids).not.toContain(archived.variantId);
    const stocks = lowStock.map((entry) => entry.stock);
    expect(stocks).toEqual([...stocks].sort((a, b) => a - b));

    const wider = await api.reports.summary.query({ lowStockThreshold: 6 });
    expect(wider.lowStock.map((entry) => entry.id)).toContain(above.variantId);
  });

  it('rejects a negative threshold with BAD_REQUEST', async () => {
    const { api } = await signInAdmin();
    const error = await trpcError(api.reports.summary.query({ lowStockThreshold: -1 }));
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/lowStockThreshold/);
  });

  it('answers FORBIDDEN to customers and UNAUTHORIZED to anonymous callers', async () => {
    const customer = await signUpCustomer();
    expect((await trpcError(customer.api.reports.summary.query())).data.code).toBe('FORBIDDEN');
    expect((await trpcError(client().reports.summary.query())).data.code).toBe('UNAUTHORIZED');
  });
});
