import { describe, expect, it } from 'vitest';
import {
  client,
  countRoundTrips,
  FIXTURE_METHOD_ID,
  fixtureProduct,
  newIdempotencyKey,
  signInAdmin,
  signUpCustomer,
  sqlClient,
  stockAndLedger,
  trpcError,
} from './helpers.ts';

async function setRole(userId: number, role: 'admin' | 'customer') {
  const db = sqlClient();
  await db.execute({ sql: 'UPDATE users SET role = ? WHERE id = ?', args: [role, userId] });
  db.close();
}

/** Every audit row (or those naming `target`), oldest first. Files run one at a time, so only this test writes meanwhile. */
async function auditRows(target?: string) {
  const db = sqlClient();
  const result = await db.execute({
    sql: `SELECT id, actor_id, action, target FROM audit_log ${target ? 'WHERE target = ?' : ''} ORDER BY id`,
    args: target ? [target] : [],
  });
  db.close();
  return result.rows.map((row) => ({ ...row }));
}

/** A user promoted to admin who signs in (so the token says admin), then is demoted again. */
async function demotedAdmin() {
  const account = await signUpCustomer('Former admin');
  await setRole(account.user.id, 'admin');
  const session = await client().auth.signIn.mutate({ email: account.email, password: account.password });
  expect(session.user.role).toBe('admin');
  await setRole(account.user.id, 'customer');
  return client(session.token);
}

/** A customer's pending order of one unit of a fresh product with `stock`. */
async function customerOrder(stock: number) {
  const product = await fixtureProduct({ stock });
  const customer = await signUpCustomer();
  const order = await customer.api.orders.create.mutate({
    idempotencyKey: newIdempotencyKey(),
    items: [{ variantId: product.variantId, quantity: 1 }],
    shippingMethodId: FIXTURE_METHOD_ID,
  });
  return { product, customer, order };
}

describe('a demoted admin with a token that still says admin', () => {
  it('cannot restock or adjust: FORBIDDEN, and stock, ledger and audit log are unchanged', async () => {
    const product = await fixtureProduct({ stock: 5 });
    const api = await demotedAdmin();
    const auditBefore = await auditRows();
    for (const call of [
      () => api.inventory.restock.mutate({ variantId: product.variantId, quantity: 10 }),
      () => api.inventory.adjust.mutate({ variantId: product.variantId, delta: -1, reason: 'recount' }),
    ]) {
      const error = await trpcError(call());
      expect(error.data).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403, reason: 'ADMIN_REVOKED' });
    }
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 5, ledger: 5 });
    expect(await auditRows()).toEqual(auditBefore);
    expect(await auditRows(`product:${product.id}`)).toEqual([]);
  });

  it('cannot change an order status or edit the catalog', async () => {
    const { product, customer, order } = await customerOrder(5);
    const api = await demotedAdmin();
    const auditBefore = await auditRows();
    const status = await trpcError(api.orders.updateStatus.mutate({ id: order.id, status: 'confirmed' }));
    expect(status.data.code).toBe('FORBIDDEN');
    const cancel = await trpcError(api.orders.cancel.mutate({ id: order.id }));
    expect(cancel.data.code).toBe('FORBIDDEN');
    const rename = await trpcError(api.catalog.updateProduct.mutate({ id: product.id, name: 'Renamed' }));
    expect(rename.data.code).toBe('FORBIDDEN');
    expect((await customer.api.orders.get.query({ id: order.id })).status).toBe('pending');
    expect(await auditRows()).toEqual(auditBefore);
  });

  it("cannot read admin lists, the ledger, reconcile or reports, nor other customers' orders", async () => {
    const { product, order } = await customerOrder(5);
    const api = await demotedAdmin();
    const reads = [
      () => api.orders.list.query({}),
      () => api.orders.get.query({ id: order.id }),
      () => api.inventory.movements.query({ variantId: product.variantId }),
      () => api.inventory.reconcile.query(),
      () => api.reports.summary.query({}),
    ];
    for (const read of reads) expect((await trpcError(read())).data.code).toBe('FORBIDDEN');
  });
});

describe('a demoted admin probing', () => {
  it('learns nothing about orders or products: every refused write is FORBIDDEN first', async () => {
    const { product, order } = await customerOrder(1);
    const api = await demotedAdmin();
    const probes = [
      () => api.orders.updateStatus.mutate({ id: order.id, status: 'cancelled', expectedStatus: 'confirmed' }),
      () =>
        api.shipments.create.mutate({
          orderId: order.id,
          carrier: 'probe',
          trackingNumber: 'probe',
          items: [{ variantId: product.variantId, quantity: 1 }],
        }),
      () => api.shipments.markDelivered.mutate({ shipmentId: 999_999_999 }),
      () => api.shipments.cancelRemainder.mutate({ orderId: order.id }),
      () => api.returns.approve.mutate({ returnId: 999_999_999 }),
      () => api.returns.receive.mutate({ returnId: 999_999_999 }),
      () => api.payments.record.mutate({ orderId: order.id, amountCents: 1, reference: 'probe' }),
      () => api.payments.refund.mutate({ orderId: order.id, amountCents: 1, reason: 'probe' }),
      () => api.orders.cancel.mutate({ id: 999_999_999 }),
      () => api.inventory.adjust.mutate({ variantId: product.variantId, delta: -5, reason: 'probe' }),
      () => api.inventory.restock.mutate({ variantId: 999_999_999, quantity: 1 }),
    ];
    for (const probe of probes) expect((await trpcError(probe())).data.code).toBe('FORBIDDEN');
  });

  it('learns nothing about the catalog either: unknown ids and taken slugs are ADMIN_REVOKED, not NOT_FOUND or DUPLICATE', async () => {
    const api = await demotedAdmin();
    const probes = [
      () => api.catalog.updateProduct.mutate({ id: 999_999_999, name: 'Probe' }),
      () => api.catalog.createProduct.mutate({ categoryId: 999_999_999, name: 'Probe', priceCents: 1 }),
      () => api.catalog.createCategory.mutate({ name: 'Probe', slug: 'probe-parent', parentId: 999_999_999 }),
      () => api.catalog.createCategory.mutate({ name: 'Probe', slug: 'apparel' }),
    ];
    for (const probe of probes) {
      expect((await trpcError(probe())).data).toMatchObject({ code: 'FORBIDDEN', reason: 'ADMIN_REVOKED' });
    }
  });
});

describe('a demoted admin browsing the shop', () => {
  it('sees the public catalog, without archived products', async () => {
    const active = await fixtureProduct({ stock: 5 });
    const archived = await fixtureProduct({ stock: 5, isActive: false });
    const api = await demotedAdmin();
    expect((await api.catalog.product.query({ id: active.id })).id).toBe(active.id);
    expect((await trpcError(api.catalog.product.query({ id: archived.id }))).data.code).toBe('NOT_FOUND');
    const ids = (
      await api.catalog.products.query({ includeArchived: true, limit: 100, cursor: active.id - 1 })
    ).items.map((product) => product.id);
    expect(ids).toContain(active.id);
    expect(ids).not.toContain(archived.id);
  });
});

describe('admin reads', () => {
  it('check the role in the same round trip as the read', async () => {
    const admin = await signInAdmin();
    await admin.api.auth.me.query();
    for (const read of [
      () => admin.api.orders.list.query({}),
      () => admin.api.inventory.movements.query({}),
      () => admin.api.inventory.reconcile.query(),
      () => admin.api.reports.summary.query({}),
    ]) {
      expect(await countRoundTrips(read)).toBe(1);
    }
  });
});
