/**
 * Returns: a customer asks to return delivered units within the window; an
 * admin approves or rejects, then receives them, restocking per line; the
 * refund is computed by the server from what those units were paid and
 * written once. Every write one round trip; returned ≤ delivered and
 * refunded ≤ captured proven with real concurrent requests; the ledger
 * reconciled after each phase.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ErrorData } from '../../src/shared/error-data.ts';
import {
  countRoundTrips,
  fixtureCustomers,
  fixtureProduct,
  newIdempotencyKey,
  runSql,
  shipAndDeliver,
  signInAdmin,
  stockAndLedger,
  TYPED_ADDRESS,
  trpcError,
} from './helpers.ts';

type Admin = Awaited<ReturnType<typeof signInAdmin>>;
type Customer = Awaited<ReturnType<typeof fixtureCustomers>>[number];

/** This file's destination: a zone of its own with a paid method (never refunded), no tax. */
const COUNTRY = 'UY';
const SHIPPING_CENTS = 450;
let admin: Admin;
let methodId: number;

beforeAll(async () => {
  admin = await signInAdmin();
  const zone = await admin.api.shipping.createZone.mutate({ name: 'Return tests', countries: [COUNTRY] });
  methodId = (
    await admin.api.shipping.createMethod.mutate({ zoneId: zone.id, name: 'Paid', priceCents: SHIPPING_CENTS })
  ).id;
});

/** A customer's paid order of `quantity` units, shipped and delivered whole. */
async function deliveredOrder(variantId: number, quantity: number, customer?: Customer) {
  const owner = customer ?? (await fixtureCustomers(1))[0];
  if (!owner) throw new Error('no customer');
  const order = await owner.api.orders.create.mutate({
    idempotencyKey: newIdempotencyKey(),
    items: [{ variantId, quantity }],
    shippingMethodId: methodId,
    shipTo: { address: { ...TYPED_ADDRESS, country: COUNTRY } },
  });
  await admin.api.payments.record.mutate({ orderId: order.id, amountCents: order.totalCents, reference: 'RET' });
  await shipAndDeliver(admin.api, order.id);
  return { order, customer: owner };
}

const ask = (customer: Customer, orderId: number, variantId: number, quantity: number) =>
  customer.api.returns.request.mutate({ orderId, reason: 'too small', items: [{ variantId, quantity }] });

async function expectReconciled() {
  expect(await admin.api.inventory.reconcile.query()).toMatchObject({ ok: true, mismatches: [] });
}

describe('a return', () => {
  it('is requested, approved and received, restocked with return rows and refunded its units’ share, one round trip each', async () => {
    const product = await fixtureProduct({ stock: 10, priceCents: 1_000 });
    const { order, customer } = await deliveredOrder(product.variantId, 3);
    expect(order.totalCents).toBe(3_000 + SHIPPING_CENTS);
    await expectReconciled();

    let requested: Awaited<ReturnType<typeof ask>> | undefined;
    expect(
      await countRoundTrips(async () => {
        requested = await ask(customer, order.id, product.variantId, 2);
      }),
    ).toBe(1);
    const returnId = requested?.returns[0]?.id ?? 0;
    expect(requested?.returns).toEqual([
      expect.objectContaining({
        status: 'requested',
        reason: 'too small',
        refundCents: 0,
        items: [{ variantId: product.variantId, quantity: 2, restock: null, refundCents: 0 }],
      }),
    ]);
    expect(requested?.items[0]).toMatchObject({ deliveredQuantity: 3, returnedQuantity: 2 });

    expect(await countRoundTrips(() => admin.api.returns.approve.mutate({ returnId }))).toBe(1);
    let received: Awaited<ReturnType<Admin['api']['returns']['receive']['mutate']>> | undefined;
    expect(
      await countRoundTrips(async () => {
        received = await admin.api.returns.receive.mutate({
          returnId,
          items: [{ variantId: product.variantId, restock: true }],
        });
      }),
    ).toBe(1);
    // Two of three units at 1000 each, shipping not refunded.
    expect(received?.returns[0]).toMatchObject({
      status: 'received',
      refundCents: 2_000,
      items: [{ variantId: product.variantId, quantity: 2, restock: true, refundCents: 2_000 }],
    });
    expect(received?.payment).toMatchObject({ capturedCents: 3_450, refundPendingCents: 2_000 });
    expect(received?.payment?.refunds).toEqual([
      expect.objectContaining({ amountCents: 2_000, status: 'pending', reason: `return ${returnId} received` }),
    ]);
    const [refund] = await runSql('SELECT idempotency_key AS key FROM refunds WHERE reason = ?', [
      `return ${returnId} received`,
    ]);
    expect(refund?.key).toBe(`return-${returnId}`);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 9, ledger: 9 });
    const [movement] = await runSql(
      'SELECT quantity_change AS change, reason FROM inventory_movements WHERE order_id = ? ORDER BY id DESC LIMIT 1',
      [order.id],
    );
    expect(movement).toMatchObject({ change: 2, reason: 'return' });
    await expectReconciled();

    const twice = await trpcError(admin.api.returns.receive.mutate({ returnId }));
    expect(twice.data).toMatchObject({ httpStatus: 409, reason: 'INVALID_TRANSITION' });
  });

  it('restocks nothing for a damaged line, and splits a line’s paid amount so every unit refunded adds up exactly', async () => {
    const product = await fixtureProduct({ stock: 10, priceCents: 1_001 });
    const { order, customer } = await deliveredOrder(product.variantId, 3);
    const refunds: number[] = [];
    for (let unit = 0; unit < 3; unit += 1) {
      const requested = await ask(customer, order.id, product.variantId, 1);
      const returnId = requested.returns[requested.returns.length - 1]?.id ?? 0;
      await admin.api.returns.approve.mutate({ returnId });
      const received = await admin.api.returns.receive.mutate({ returnId, items: [] });
      refunds.push(received.returns[received.returns.length - 1]?.refundCents ?? -1);
    }
    expect(refunds).toEqual([1_001, 1_001, 1_001]);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 7, ledger: 7 });
    await expectReconciled();
  });

  it('gives the units back when rejected, so they may be asked for again', async () => {
    const product = await fixtureProduct({ stock: 10 });
    const { order, customer } = await deliveredOrder(product.variantId, 1);
    const requested = await ask(customer, order.id, product.variantId, 1);
    const returnId = requested.returns[0]?.id ?? 0;
    const rejected = await admin.api.returns.reject.mutate({ returnId, note: 'worn' });
    expect(rejected.returns[0]).toMatchObject({ status: 'rejected' });
    expect(rejected.items[0]).toMatchObject({ returnedQuantity: 0 });
    const again = await ask(customer, order.id, product.variantId, 1);
    expect(again.returns.map((entry) => entry.status)).toEqual(['rejected', 'requested']);
    const late = await trpcError(admin.api.returns.approve.mutate({ returnId }));
    expect(late.data).toMatchObject({ httpStatus: 409, reason: 'INVALID_TRANSITION' });
  });

  it('is refused beyond what was delivered, after the window, and for another customer’s order', async () => {
    const product = await fixtureProduct({ stock: 10 });
    const { order, customer } = await deliveredOrder(product.variantId, 2);
    const tooMany = await trpcError(ask(customer, order.id, product.variantId, 3));
    expect(tooMany.data).toMatchObject({ httpStatus: 409, reason: 'RETURN_EXCEEDS_DELIVERED' });
    const [stranger] = await fixtureCustomers(1);
    if (!stranger) throw new Error('no customer');
    const notTheirs = await trpcError(ask(stranger, order.id, product.variantId, 1));
    expect(notTheirs.data).toMatchObject({ httpStatus: 404, reason: 'NOT_FOUND' });
    await runSql(
      "UPDATE shipments SET delivered_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-31 days') WHERE order_id = ?",
      [order.id],
    );
    const late = await trpcError(ask(customer, order.id, product.variantId, 1));
    expect(late.data).toMatchObject({ httpStatus: 409, reason: 'RETURN_WINDOW_CLOSED' });
  });
});

describe('races', () => {
  it('lets concurrent returns take only what was delivered', async () => {
    const product = await fixtureProduct({ stock: 10 });
    const { order, customer } = await deliveredOrder(product.variantId, 2);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => ask(customer, order.id, product.variantId, 1)),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(2);
    for (const result of results) {
      if (result.status === 'rejected') {
        expect((result.reason as { data: ErrorData }).data.reason).toBe('RETURN_EXCEEDS_DELIVERED');
      }
    }
    const [line] = await runSql('SELECT returned_quantity AS returned FROM order_items WHERE order_id = ?', [order.id]);
    expect(Number(line?.returned)).toBe(2);
  });

  it('never refunds more than was captured when a remainder cancel, a return and a manual refund race', async () => {
    const product = await fixtureProduct({ stock: 10, priceCents: 1_000 });
    const [customer] = await fixtureCustomers(1);
    if (!customer) throw new Error('no customer');
    const order = await customer.api.orders.create.mutate({
      idempotencyKey: newIdempotencyKey(),
      items: [{ variantId: product.variantId, quantity: 4 }],
      shippingMethodId: methodId,
      shipTo: { address: { ...TYPED_ADDRESS, country: COUNTRY } },
    });
    await admin.api.payments.record.mutate({ orderId: order.id, amountCents: order.totalCents, reference: 'RACE' });
    const shipped = await admin.api.shipments.create.mutate({
      orderId: order.id,
      carrier: 'Posten',
      trackingNumber: 'RACE',
      items: [{ variantId: product.variantId, quantity: 2 }],
    });
    await admin.api.shipments.markDelivered.mutate({ shipmentId: shipped.shipments[0]?.id ?? 0 });
    const requested = await ask(customer, order.id, product.variantId, 2);
    const returnId = requested.returns[0]?.id ?? 0;
    await admin.api.returns.approve.mutate({ returnId });
    await expectReconciled();

    // 2000 (remainder) + 2000 (return) + 1500 (by hand) > 4450 captured: at least one must be refused.
    const results = await Promise.allSettled([
      admin.api.shipments.cancelRemainder.mutate({ orderId: order.id }),
      admin.api.returns.receive.mutate({ returnId, items: [{ variantId: product.variantId, restock: true }] }),
      admin.api.payments.refund.mutate({ orderId: order.id, amountCents: 1_500, reason: 'goodwill' }),
    ]);
    const refused = results.filter((result) => result.status === 'rejected');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const result of refused) {
      expect((result as PromiseRejectedResult).reason.data.reason).toBe('REFUND_TOO_LARGE');
    }
    const [money] = await runSql(
      `SELECT p.captured_cents AS captured, p.refund_reserved_cents AS reserved,
        (SELECT coalesce(sum(amount_cents), 0) FROM refunds WHERE payment_id = p.id AND status <> 'failed') AS rows
       FROM payments p WHERE p.order_id = ?`,
      [order.id],
    );
    expect(Number(money?.reserved)).toBe(Number(money?.rows));
    expect(Number(money?.reserved)).toBeLessThanOrEqual(Number(money?.captured));
    await expectReconciled();
    const { stock, ledger } = await stockAndLedger(product.variantId);
    expect(stock).toBe(ledger);
  });
});
