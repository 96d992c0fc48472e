/**
 * Payments with the manual provider, holds that expire by the database's
 * clock, refunds that never exceed what was captured, and delivery that
 * completes a paid order: each write one round trip, each race proven with
 * concurrent requests.
 */
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../src/index.ts';
import type { ErrorData } from '../../src/shared/error-data.ts';
import {
  countRoundTrips,
  fixtureCustomers,
  fixtureProduct,
  newIdempotencyKey,
  runSql,
  shipAll,
  shipAndDeliver,
  signInAdmin,
  stockAndLedger,
  TYPED_ADDRESS,
  trpcError,
} from './helpers.ts';

type Admin = Awaited<ReturnType<typeof signInAdmin>>;
type Customer = Awaited<ReturnType<typeof fixtureCustomers>>[number];

/** This file's destination: a zone of its own with a free method, no tax. */
const COUNTRY = 'MX';
let admin: Admin;
let methodId: number;

beforeAll(async () => {
  admin = await signInAdmin();
  const zone = await admin.api.shipping.createZone.mutate({ name: 'Payment tests', countries: [COUNTRY] });
  methodId = (await admin.api.shipping.createMethod.mutate({ zoneId: zone.id, name: 'Free', priceCents: 0 })).id;
});

/** A customer's pending order for `quantity` of the variant, placed by orders.create. */
async function orderOf(customer: Customer, variantId: number, quantity = 1, paymentMethod?: 'cash_on_delivery') {
  return customer.api.orders.create.mutate({
    idempotencyKey: newIdempotencyKey(),
    items: [{ variantId, quantity }],
    shippingMethodId: methodId,
    shipTo: { address: { ...TYPED_ADDRESS, country: COUNTRY } },
    paymentMethod,
  });
}

async function oneCustomer() {
  const [customer] = await fixtureCustomers(1);
  if (!customer) throw new Error('no customer');
  return customer;
}

/** Makes the order's hold run out, as if its time had passed. */
async function expireHoldOf(orderId: number) {
  await runSql("UPDATE orders SET hold_expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 minute') WHERE id = ?", [
    orderId,
  ]);
}

describe('recording a manual payment', () => {
  it('places an order with a pending payment for its total, and an admin records it once, in one round trip', async () => {
    const product = await fixtureProduct({ stock: 5, priceCents: 2_500 });
    const customer = await oneCustomer();
    const order = await orderOf(customer, product.variantId, 2);
    expect(order.payment).toMatchObject({
      provider: 'manual',
      method: 'bank_transfer',
      status: 'pending',
      amountCents: 5_000,
    });
    expect(order).toMatchObject({ status: 'pending', fulfilmentStatus: 'unfulfilled', holdExpiresAt: null });

    const wrong = await trpcError(
      admin.api.payments.record.mutate({ orderId: order.id, amountCents: 4_999, reference: 'TX-1' }),
    );
    expect(wrong.data).toMatchObject({ httpStatus: 409, reason: 'PAYMENT_STATE_CHANGED' });

    let paid: Awaited<ReturnType<Admin['api']['payments']['record']['mutate']>> | undefined;
    expect(
      await countRoundTrips(async () => {
        paid = await admin.api.payments.record.mutate({ orderId: order.id, amountCents: 5_000, reference: 'TX-1' });
      }),
    ).toBe(1);
    expect(paid).toMatchObject({
      status: 'confirmed',
      payment: { status: 'captured', capturedCents: 5_000, reference: 'TX-1' },
    });
    expect(paid?.payment?.history.map((entry) => entry.toStatus)).toEqual(['pending', 'captured']);
    const again = await trpcError(
      admin.api.payments.record.mutate({ orderId: order.id, amountCents: 5_000, reference: 'TX-1' }),
    );
    expect(again.data.reason).toBe('PAYMENT_STATE_CHANGED');
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 3, ledger: 3 });
  });
});

describe('holds that expire', () => {
  it('puts an expired hold’s stock back for the very next checkout, before any sweep, and records the expiry', async () => {
    const product = await fixtureProduct({ stock: 1 });
    const [first, second] = await fixtureCustomers(2);
    if (!first || !second) throw new Error('no customers');
    const held = await orderOf(first, product.variantId);
    // The unit is on the shelf, held by the unpaid order, not available.
    expect(await admin.api.inventory.levels.query({ productId: product.id })).toEqual([
      expect.objectContaining({ variantId: product.variantId, onHand: 1, held: 1, available: 0 }),
    ]);
    const refused = await trpcError(orderOf(second, product.variantId));
    expect(refused.data.reason).toBe('INSUFFICIENT_STOCK');
    await expireHoldOf(held.id);
    const next = await orderOf(second, product.variantId);
    expect(next.status).toBe('pending');
    const expired = await first.api.orders.get.query({ id: held.id });
    expect(expired).toMatchObject({ status: 'expired', payment: { status: 'expired' } });
    expect(expired.history.map((entry) => entry.toStatus)).toEqual(['pending', 'expired']);
    const ledger = await runSql(
      'SELECT reason, quantity_change FROM inventory_movements WHERE order_id = ? ORDER BY id',
      [held.id],
    );
    expect(ledger.map((row) => [row.reason, row.quantity_change])).toEqual([
      ['sale', -1],
      ['expiry', 1],
    ]);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 0, ledger: 0 });
  });

  it('lets the cron record expirations, in one batch', async () => {
    const product = await fixtureProduct({ stock: 3 });
    const customer = await oneCustomer();
    const order = await orderOf(customer, product.variantId, 2);
    await expireHoldOf(order.id);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '* * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect((await customer.api.orders.get.query({ id: order.id })).status).toBe('expired');
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 3, ledger: 3 });
  });

  it('confirms a payment that arrives after the hold expired when the stock is still there, taking it again', async () => {
    const product = await fixtureProduct({ stock: 2, priceCents: 700 });
    const customer = await oneCustomer();
    const order = await orderOf(customer, product.variantId, 2);
    await expireHoldOf(order.id);
    await admin.api.inventory.restock.mutate({ variantId: product.variantId, quantity: 1 }); // runs no expiry
    await worker.scheduled(
      createScheduledController({ scheduledTime: Date.now(), cron: '* * * * *' }),
      env,
      createExecutionContext(),
    );
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 3, ledger: 3 });
    const paid = await admin.api.payments.record.mutate({ orderId: order.id, amountCents: 1_400, reference: 'LATE' });
    expect(paid).toMatchObject({ status: 'confirmed', payment: { status: 'captured', refundPendingCents: 0 } });
    expect(paid.history.map((entry) => `${entry.fromStatus}>${entry.toStatus}`)).toEqual([
      'null>pending',
      'pending>expired',
      'expired>confirmed',
    ]);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 1, ledger: 1 });
  });

  it('refunds, once and in full, a payment that arrives after the hold expired and the stock was sold', async () => {
    const product = await fixtureProduct({ stock: 1, priceCents: 900 });
    const [late, other] = await fixtureCustomers(2);
    if (!late || !other) throw new Error('no customers');
    const order = await orderOf(late, product.variantId);
    await expireHoldOf(order.id);
    await orderOf(other, product.variantId); // takes the unit back on sale
    const paid = await admin.api.payments.record.mutate({ orderId: order.id, amountCents: 900, reference: 'TOO-LATE' });
    expect(paid).toMatchObject({
      status: 'expired',
      payment: { status: 'captured', capturedCents: 900, refundPendingCents: 900 },
    });
    expect(paid.payment?.refunds).toEqual([expect.objectContaining({ amountCents: 900, status: 'pending' })]);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 0, ledger: 0 });
    const refundId = paid.payment?.refunds[0]?.id as number;
    const done = await admin.api.payments.completeRefund.mutate({ refundId, reference: 'BACK-1' });
    expect(done.payment).toMatchObject({ status: 'refunded', refundedCents: 900, refundPendingCents: 0 });
    const twice = await admin.api.payments.completeRefund.mutate({ refundId, reference: 'BACK-1' });
    expect(twice.payment).toMatchObject({ status: 'refunded', refundedCents: 900 });
  });
});

describe('cancelling and refunding', () => {
  it('voids an unpaid order’s payment, and refunds a paid one in full in the cancellation’s batch', async () => {
    const product = await fixtureProduct({ stock: 5, priceCents: 1_000 });
    const customer = await oneCustomer();
    const unpaid = await orderOf(customer, product.variantId);
    const cancelled = await customer.api.orders.cancel.mutate({ id: unpaid.id });
    expect(cancelled.payment?.status).toBe('voided');
    const paid = await orderOf(customer, product.variantId, 2);
    await admin.api.payments.record.mutate({ orderId: paid.id, amountCents: 2_000, reference: 'P' });
    let answer: Awaited<ReturnType<Admin['api']['orders']['cancel']['mutate']>> | undefined;
    expect(await countRoundTrips(async () => (answer = await admin.api.orders.cancel.mutate({ id: paid.id })))).toBe(1);
    expect(answer).toMatchObject({ status: 'cancelled', payment: { status: 'captured', refundPendingCents: 2_000 } });
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 5, ledger: 5 });
  });

  it('never exceeds what was captured: partial refunds add up, and two racing for the rest give one', async () => {
    const product = await fixtureProduct({ stock: 5, priceCents: 3_000 });
    const customer = await oneCustomer();
    const order = await orderOf(customer, product.variantId);
    await admin.api.payments.record.mutate({ orderId: order.id, amountCents: 3_000, reference: 'P' });
    const first = await admin.api.payments.refund.mutate({ orderId: order.id, amountCents: 1_000, reason: 'dented' });
    expect(first.payment).toMatchObject({ status: 'partially_refunded', refundedCents: 1_000 });
    const tooMuch = await trpcError(
      admin.api.payments.refund.mutate({ orderId: order.id, amountCents: 2_001, reason: 'x' }),
    );
    expect(tooMuch.data).toMatchObject({ httpStatus: 400, reason: 'REFUND_TOO_LARGE' });
    const raced = await Promise.allSettled([
      admin.api.payments.refund.mutate({ orderId: order.id, amountCents: 2_000, reason: 'a' }),
      admin.api.payments.refund.mutate({ orderId: order.id, amountCents: 2_000, reason: 'b' }),
    ]);
    expect(raced.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const final = await admin.api.orders.get.query({ id: order.id });
    expect(final.payment).toMatchObject({ status: 'refunded', capturedCents: 3_000, refundedCents: 3_000 });
  });

  it('never leaves a cancelled order with captured money and no refund when a cancel races the payment', async () => {
    const product = await fixtureProduct({ stock: 50, priceCents: 500 });
    const customers = await fixtureCustomers(12);
    for (const customer of customers) {
      const order = await orderOf(customer, product.variantId);
      await Promise.allSettled([
        customer.api.orders.cancel.mutate({ id: order.id }),
        admin.api.payments.record.mutate({ orderId: order.id, amountCents: 500, reference: 'RACE' }),
      ]);
      const final = await admin.api.orders.get.query({ id: order.id });
      const captured = final.payment?.capturedCents ?? 0;
      const covered = (final.payment?.refundPendingCents ?? 0) + (final.payment?.refundedCents ?? 0);
      if (final.status === 'cancelled')
        expect({ id: order.id, uncovered: captured - covered }).toEqual({ id: order.id, uncovered: 0 });
      else expect(final).toMatchObject({ status: 'confirmed', payment: { status: 'captured' } });
    }
  });
});

describe('delivery', () => {
  it('ships only a confirmed order, and completes a paid one on delivery', async () => {
    const product = await fixtureProduct({ stock: 5, priceCents: 800 });
    const customer = await oneCustomer();
    const order = await orderOf(customer, product.variantId);
    const early = await trpcError(shipAll(admin.api, order.id));
    expect(early.data.reason).toBe('INVALID_TRANSITION');
    await admin.api.payments.record.mutate({ orderId: order.id, amountCents: 800, reference: 'P' });
    expect(await countRoundTrips(() => shipAll(admin.api, order.id))).toBe(2); // the order read, then the write
    const [shipment] = (await admin.api.orders.get.query({ id: order.id })).shipments;
    const delivered = await admin.api.shipments.markDelivered.mutate({ shipmentId: shipment?.id ?? 0 });
    expect(delivered).toMatchObject({ status: 'completed', fulfilmentStatus: 'delivered' });
  });

  it('lets cash on delivery ship unpaid once accepted, and completes it when the payment is recorded', async () => {
    const product = await fixtureProduct({ stock: 5, priceCents: 1_200 });
    const customer = await oneCustomer();
    const order = await orderOf(customer, product.variantId, 1, 'cash_on_delivery');
    await admin.api.orders.updateStatus.mutate({ id: order.id, status: 'confirmed' });
    const delivered = await shipAndDeliver(admin.api, order.id);
    expect(delivered).toMatchObject({
      status: 'confirmed',
      fulfilmentStatus: 'delivered',
      payment: { status: 'pending', method: 'cash_on_delivery' },
    });
    const paid = await admin.api.payments.record.mutate({ orderId: order.id, amountCents: 1_200, reference: 'CASH' });
    expect(paid).toMatchObject({ status: 'completed', payment: { status: 'captured' } });
  });
});

describe('revenue', () => {
  it('counts captured money minus refunds, not unpaid orders', async () => {
    const before = await admin.api.reports.summary.query();
    const total = (summary: typeof before) => summary.revenueByDay.reduce((sum, day) => sum + day.revenueCents, 0);
    const product = await fixtureProduct({ stock: 5, priceCents: 10_000 });
    const customer = await oneCustomer();
    await orderOf(customer, product.variantId); // unpaid: no revenue
    const paid = await orderOf(customer, product.variantId);
    await admin.api.payments.record.mutate({ orderId: paid.id, amountCents: 10_000, reference: 'R' });
    await admin.api.payments.refund.mutate({ orderId: paid.id, amountCents: 2_500, reason: 'goodwill' });
    const after = await admin.api.reports.summary.query();
    expect(total(after) - total(before)).toBe(7_500);
  });
});

describe('access', () => {
  it('keeps payment writes to admins', async () => {
    const customer = await oneCustomer();
    const error = await trpcError(customer.api.payments.record.mutate({ orderId: 1, amountCents: 1, reference: 'x' }));
    expect((error.data as ErrorData).reason).toBe('ADMIN_REQUIRED');
  });
});
