import { describe, expect, it } from 'vitest';
import { client, countRoundTrips, runSql, signInAdmin, signUpCustomer, trpcError } from './helpers.ts';

/** The variant's stock and the sum of its ledger rows, read straight from the database. */
async function stockAndLedger(variantId: number) {
  const [row] = await runSql(
    `SELECT v.stock, (SELECT coalesce(sum(quantity_change), 0) FROM inventory_movements WHERE variant_id = v.id) AS ledger,
            (SELECT count(*) FROM inventory_movements WHERE variant_id = v.id) AS movements
     FROM variants v WHERE v.id = ?`,
    [variantId],
  );
  return { stock: Number(row?.stock), ledger: Number(row?.ledger), movements: Number(row?.movements) };
}

async function auditCount(target: string) {
  const [row] = await runSql('SELECT count(*) AS n FROM audit_log WHERE target = ?', [target]);
  return Number(row?.n);
}

let counter = 0;
async function newProduct(stock: number) {
  counter += 1;
  const admin = await signInAdmin();
  const api = client(admin.token, { 'cf-connecting-ip': '192.0.2.10' });
  const category = await api.catalog.createCategory.mutate({
    name: 'Inventory tests',
    slug: `inv-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 6)}`,
  });
  const created = await api.catalog.createProduct.mutate({
    categoryId: category.id,
    name: `Inventory product ${counter}`,
    priceCents: 500,
    stock,
  });
  // Sold in one variant, whose id stock changes take.
  const product = { ...created, variantId: created.variants[0]?.id as number };
  return { product, api, admin: admin.user };
}

describe('inventory.restock', () => {
  it('adds stock in one round trip, writes its ledger and audit rows, and returns the new stock', async () => {
    const { product, api, admin } = await newProduct(4);
    let result: unknown;
    const trips = await countRoundTrips(
      async () =>
        (result = await api.inventory.restock.mutate({ variantId: product.variantId, quantity: 6, note: 'PO-17' })),
    );
    expect(trips).toBe(1);
    expect(result).toEqual({ variantId: product.variantId, stock: 10 });
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 10, ledger: 10, movements: 2 });
    const [movement] = await runSql(
      "SELECT quantity_change, actor_id, note FROM inventory_movements WHERE variant_id = ? AND reason = 'restock'",
      [product.variantId],
    );
    expect(movement).toEqual({ quantity_change: 6, actor_id: admin.id, note: 'PO-17' });
    const audit = await runSql(
      "SELECT actor_id, client_ip FROM audit_log WHERE action = 'inventory.restock' AND target = ?",
      [`variant:${product.variantId}`],
    );
    expect(audit).toEqual([{ actor_id: admin.id, client_ip: '192.0.2.10' }]);
  });

  it('answers NOT_FOUND for an unknown product and writes nothing', async () => {
    const { api } = await newProduct(1);
    const error = await trpcError(api.inventory.restock.mutate({ variantId: 777_777, quantity: 1 }));
    expect(error.data).toMatchObject({ code: 'NOT_FOUND', reason: 'NOT_FOUND' });
    expect(await auditCount('variant:777777')).toBe(0);
    expect(await runSql('SELECT id FROM inventory_movements WHERE variant_id = 777777')).toHaveLength(0);
  });

  it('rejects quantities outside 1..1,000,000 with BAD_REQUEST naming quantity', async () => {
    const { product, api } = await newProduct(1);
    for (const quantity of [0, -5, 1_000_001, 2.5]) {
      const error = await trpcError(api.inventory.restock.mutate({ variantId: product.variantId, quantity }));
      expect(error.data.code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(/quantity/);
    }
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 1, ledger: 1, movements: 1 });
  });
});

describe('inventory.adjust', () => {
  it('applies a negative delta in one round trip, storing the reason as the movement note', async () => {
    const { product, api } = await newProduct(10);
    let result: unknown;
    const trips = await countRoundTrips(
      async () =>
        (result = await api.inventory.adjust.mutate({ variantId: product.variantId, delta: -3, reason: 'damaged' })),
    );
    expect(trips).toBe(1);
    expect(result).toEqual({ variantId: product.variantId, stock: 7 });
    const [movement] = await runSql(
      "SELECT quantity_change, note FROM inventory_movements WHERE variant_id = ? AND reason = 'adjustment'",
      [product.variantId],
    );
    expect(movement).toEqual({ quantity_change: -3, note: 'damaged' });
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 7, ledger: 7, movements: 2 });
    expect(await auditCount(`product:${product.id}`)).toBe(1); // createProduct
    expect(await auditCount(`variant:${product.variantId}`)).toBe(1); // adjust
  });

  it('refuses going below zero with INSUFFICIENT_STOCK and changes nothing: stock, ledger, audit', async () => {
    const { product, api } = await newProduct(2);
    const before = await stockAndLedger(product.variantId);
    const auditsBefore = await auditCount(`variant:${product.variantId}`);
    const error = await trpcError(
      api.inventory.adjust.mutate({ variantId: product.variantId, delta: -3, reason: 'recount' }),
    );
    expect(error.data).toMatchObject({ code: 'CONFLICT', reason: 'INSUFFICIENT_STOCK' });
    expect(await stockAndLedger(product.variantId)).toEqual(before);
    expect(await auditCount(`variant:${product.variantId}`)).toBe(auditsBefore);
    expect(await api.inventory.adjust.mutate({ variantId: product.variantId, delta: -2, reason: 'recount' })).toEqual({
      variantId: product.variantId,
      stock: 0,
    });
  });

  it('never goes below zero under concurrent decrements: exactly the stock succeeds, the rest are refused', async () => {
    const { product, api } = await newProduct(5);
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () =>
        api.inventory.adjust.mutate({ variantId: product.variantId, delta: -1, reason: 'rush' }),
      ),
    );
    const refused = results.filter((result) => result.status === 'rejected');
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(5);
    expect(refused).toHaveLength(7);
    for (const result of refused) {
      expect((result as PromiseRejectedResult).reason.data).toMatchObject({ reason: 'INSUFFICIENT_STOCK' });
    }
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 0, ledger: 0, movements: 6 });
  });

  it('answers NOT_FOUND for an unknown product', async () => {
    const { api } = await newProduct(1);
    const error = await trpcError(api.inventory.adjust.mutate({ variantId: 777_778, delta: 5, reason: 'found' }));
    expect(error.data).toMatchObject({ code: 'NOT_FOUND', reason: 'NOT_FOUND' });
    expect(await auditCount('variant:777778')).toBe(0);
  });

  it('rejects a zero delta and a missing reason with BAD_REQUEST', async () => {
    const { product, api } = await newProduct(1);
    const error = await trpcError(api.inventory.adjust.mutate({ variantId: product.variantId, delta: 0, reason: ' ' }));
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/delta/);
    expect(error.message).toMatch(/reason/);
  });

  it('makes a cart line unavailable once stock drops below its quantity', async () => {
    const { product, api } = await newProduct(5);
    const customer = await signUpCustomer();
    await customer.api.cart.add.mutate({ variantId: product.variantId, quantity: 4 });
    await api.inventory.adjust.mutate({ variantId: product.variantId, delta: -2, reason: 'shrinkage' });
    expect((await customer.api.cart.get.query()).items[0]).toMatchObject({ quantity: 4, available: false });
  });
});

describe('inventory.movements', () => {
  it('lists a product’s movements newest first with the product name, paging by cursor', async () => {
    const { product, api, admin } = await newProduct(3);
    await api.inventory.restock.mutate({ variantId: product.variantId, quantity: 5 });
    await api.inventory.adjust.mutate({ variantId: product.variantId, delta: -1, reason: 'sample' });
    const first = await api.inventory.movements.query({ variantId: product.variantId, limit: 2 });
    expect(first.items.map((item) => item.reason)).toEqual(['adjustment', 'restock']);
    expect(first.items[0]).toMatchObject({
      variantId: product.variantId,
      productName: product.name,
      quantityChange: -1,
      orderId: null,
      actorId: admin.id,
      note: 'sample',
    });
    expect(first.items[0]?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(first.nextCursor).toBe(first.items[1]?.id);
    const second = await api.inventory.movements.query({
      variantId: product.variantId,
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(second.items.map((item) => [item.reason, item.quantityChange])).toEqual([['initial', 3]]);
    expect(second.nextCursor).toBeNull();
  });

  it('lists every product’s movements when no product is given', async () => {
    const { api } = await newProduct(2);
    const page = await api.inventory.movements.query({ limit: 3 });
    expect(page.items).toHaveLength(3);
    const ids = page.items.map((item) => item.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });
});

describe('inventory.reconcile', () => {
  it('reports ok when every product’s stock equals its ledger, after restocks and adjustments', async () => {
    const { product, api } = await newProduct(3);
    await api.inventory.restock.mutate({ variantId: product.variantId, quantity: 9 });
    await api.inventory.adjust.mutate({ variantId: product.variantId, delta: -4, reason: 'recount' });
    let report: unknown;
    expect(await countRoundTrips(async () => (report = await api.inventory.reconcile.query()))).toBe(1);
    expect(report).toEqual({ ok: true, mismatches: [] });
  });

  it('names a product whose stock was changed behind the ledger’s back', async () => {
    const { product, api } = await newProduct(3);
    // Deliberately break the invariant outside the API, then put it back.
    await runSql('UPDATE variants SET stock = stock + 2 WHERE id = ?', [product.variantId]);
    try {
      const report = await api.inventory.reconcile.query();
      expect(report.ok).toBe(false);
      expect(report.mismatches).toContainEqual({
        variantId: product.variantId,
        productId: product.id,
        stock: 5,
        ledger: 3,
      });
    } finally {
      await runSql('UPDATE variants SET stock = stock - 2 WHERE id = ?', [product.variantId]);
    }
    expect((await api.inventory.reconcile.query()).ok).toBe(true);
  });
});

describe('inventory access', () => {
  it('answers FORBIDDEN to customers and UNAUTHORIZED to anonymous callers', async () => {
    const customer = await signUpCustomer();
    const calls = (api: ReturnType<typeof client>) => [
      () => api.inventory.restock.mutate({ variantId: 1, quantity: 1 }),
      () => api.inventory.adjust.mutate({ variantId: 1, delta: 1, reason: 'x' }),
      () => api.inventory.movements.query({}),
      () => api.inventory.reconcile.query(),
    ];
    for (const call of calls(customer.api)) expect((await trpcError(call())).data.code).toBe('FORBIDDEN');
    for (const call of calls(client())) expect((await trpcError(call())).data.code).toBe('UNAUTHORIZED');
  });
});
