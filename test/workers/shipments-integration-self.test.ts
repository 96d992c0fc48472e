/**
 * Shipments: an admin ships a paid order's lines in parts, with carrier and
 * tracking; each shipment is delivered on its own; the order's fulfilment
 * status follows its lines; the unshipped remainder can be cancelled (stock
 * back, its paid share refunded). Every write one round trip; the races
 * proven with real concurrent requests; the ledger reconciled after each phase.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ErrorData } from '../../src/shared/error-data.ts';
import {
  countRoundTrips,
  fixtureCustomers,
  fixtureProduct,
  newIdempotencyKey,
  runSql,
  signInAdmin,
  stockAndLedger,
  TYPED_ADDRESS,
  trpcError,
} from './helpers.ts';

type Admin = Awaited<ReturnType<typeof signInAdmin>>;

/** This file's destination: a zone of its own with a free method, no tax. */
const COUNTRY = 'PE';
let admin: Admin;
let methodId: number;

beforeAll(async () => {
  admin = await signInAdmin();
  const zone = await admin.api.shipping.createZone.mutate({ name: 'Shipment tests', countries: [COUNTRY] });
  methodId = (await admin.api.shipping.createMethod.mutate({ zoneId: zone.id, name: 'Free', priceCents: 0 })).id;
});

/** A customer's order of the lines, paid (manual provider) unless said. */
async function paidOrder(lines: Array<{ variantId: number; quantity: number }>, paid = true) {
  const [customer] = await fixtureCustomers(1);
  if (!customer) throw new Error('no customer');
  const order = await customer.api.orders.create.mutate({
    idempotencyKey: newIdempotencyKey(),
    items: lines,
    shippingMethodId: methodId,
    shipTo: { address: { ...TYPED_ADDRESS, country: COUNTRY } },
  });
  if (!paid) return { order, customer };
  await admin.api.payments.record.mutate({ orderId: order.id, amountCents: order.totalCents, reference: 'SHIP' });
  return { order, customer };
}

const ship = (orderId: number, items: Array<{ variantId: number; quantity: number }>, trackingNumber = 'TRK') =>
  admin.api.shipments.create.mutate({ orderId, carrier: 'Posten', trackingNumber, items });

async function expectReconciled() {
  expect(await admin.api.inventory.reconcile.query()).toMatchObject({ ok: true, mismatches: [] });
}

describe('shipping in parts', () => {
  it('ships lines in quantities with tracking, delivers each shipment, and the fulfilment status follows, one round trip per write', async () => {
    const a = await fixtureProduct({ stock: 10, priceCents: 1_000 });
    const b = await fixtureProduct({ stock: 10, priceCents: 500 });
    const { order } = await paidOrder([
      { variantId: a.variantId, quantity: 3 },
      { variantId: b.variantId, quantity: 2 },
    ]);

    let answer: Awaited<ReturnType<typeof ship>> | undefined;
    expect(
      await countRoundTrips(async () => {
        answer = await ship(order.id, [{ variantId: a.variantId, quantity: 1 }], 'TRK-1');
      }),
    ).toBe(1);
    expect(answer).toMatchObject({ status: 'confirmed', fulfilmentStatus: 'partially_shipped' });
    expect(answer?.shipments).toEqual([
      expect.objectContaining({
        carrier: 'Posten',
        trackingNumber: 'TRK-1',
        status: 'shipped',
        deliveredAt: null,
        items: [{ variantId: a.variantId, quantity: 1 }],
      }),
    ]);

    const whole = await ship(order.id, [
      { variantId: a.variantId, quantity: 2 },
      { variantId: b.variantId, quantity: 2 },
    ]);
    expect(whole.fulfilmentStatus).toBe('shipped');
    expect(whole.items.map((item) => item.shippedQuantity)).toEqual([3, 2]);
    const [first, second] = whole.shipments;

    let delivered: Awaited<ReturnType<Admin['api']['shipments']['markDelivered']['mutate']>> | undefined;
    expect(
      await countRoundTrips(async () => {
        delivered = await admin.api.shipments.markDelivered.mutate({ shipmentId: first?.id ?? 0 });
      }),
    ).toBe(1);
    expect(delivered).toMatchObject({ status: 'confirmed', fulfilmentStatus: 'partially_delivered' });
    const again = await trpcError(admin.api.shipments.markDelivered.mutate({ shipmentId: first?.id ?? 0 }));
    expect(again.data).toMatchObject({ httpStatus: 409, reason: 'INVALID_TRANSITION' });

    const done = await admin.api.shipments.markDelivered.mutate({ shipmentId: second?.id ?? 0 });
    expect(done).toMatchObject({ status: 'completed', fulfilmentStatus: 'delivered' });
    expect(done.items.map((item) => item.deliveredQuantity)).toEqual([3, 2]);
    const moves = await runSql(
      "SELECT coalesce(from_status, '') || '>' || to_status AS move FROM fulfilment_history WHERE order_id = ? ORDER BY id",
      [order.id],
    );
    expect(moves.map((row) => row.move)).toEqual([
      'unfulfilled>partially_shipped',
      'partially_shipped>shipped',
      'shipped>partially_delivered',
      'partially_delivered>delivered',
    ]);
    await expectReconciled();
  });

  it('refuses to ship more than is left, a line not in the order, and an order not confirmed', async () => {
    const product = await fixtureProduct({ stock: 10 });
    const other = await fixtureProduct({ stock: 10 });
    const { order } = await paidOrder([{ variantId: product.variantId, quantity: 2 }]);
    const tooMany = await trpcError(ship(order.id, [{ variantId: product.variantId, quantity: 3 }]));
    expect(tooMany.data).toMatchObject({ httpStatus: 409, reason: 'QUANTITY_EXCEEDS_REMAINING' });
    const stranger = await trpcError(ship(order.id, [{ variantId: other.variantId, quantity: 1 }]));
    expect(stranger.data).toMatchObject({ httpStatus: 400, reason: 'INVALID_INPUT' });
    const { order: unpaid } = await paidOrder([{ variantId: product.variantId, quantity: 1 }], false);
    const early = await trpcError(ship(unpaid.id, [{ variantId: product.variantId, quantity: 1 }]));
    expect(early.data).toMatchObject({ httpStatus: 409, reason: 'INVALID_TRANSITION' });
    expect(await runSql('SELECT count(*) AS n FROM shipments WHERE order_id IN (?, ?)', [order.id, unpaid.id])).toEqual(
      [expect.objectContaining({ n: 0 })],
    );
  });

  it('never ships a line twice when two admins ship it at once', async () => {
    const product = await fixtureProduct({ stock: 10 });
    const { order } = await paidOrder([{ variantId: product.variantId, quantity: 2 }]);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => ship(order.id, [{ variantId: product.variantId, quantity: 2 }], `RACE-${i}`)),
    );
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result) => result.status === 'rejected');
    expect(won).toHaveLength(1);
    for (const result of lost) {
      const data = (result.reason as { data: ErrorData }).data;
      expect(data.reason).toBe('QUANTITY_EXCEEDS_REMAINING');
    }
    const [line] = await runSql('SELECT shipped_quantity AS shipped FROM order_items WHERE order_id = ?', [order.id]);
    expect(Number(line?.shipped)).toBe(2);
    const [count] = await runSql('SELECT count(*) AS n FROM shipments WHERE order_id = ?', [order.id]);
    expect(Number(count?.n)).toBe(1);
  });

  it('refuses to cancel a partly shipped order whole', async () => {
    const product = await fixtureProduct({ stock: 10 });
    const { order } = await paidOrder([{ variantId: product.variantId, quantity: 2 }]);
    await ship(order.id, [{ variantId: product.variantId, quantity: 1 }]);
    const refused = await trpcError(admin.api.orders.cancel.mutate({ id: order.id }));
    expect(refused.data).toMatchObject({ httpStatus: 409, reason: 'INVALID_TRANSITION' });
    expect(refused.message).toContain('cancelRemainder');
  });
});

describe('cancelling the unshipped remainder', () => {
  it('puts only the remainder back in stock, refunds its paid share, and completes the delivered order, in one round trip', async () => {
    const product = await fixtureProduct({ stock: 10, priceCents: 1_000 });
    const { order } = await paidOrder([{ variantId: product.variantId, quantity: 3 }]);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 7, ledger: 7 });
    const shipped = await ship(order.id, [{ variantId: product.variantId, quantity: 1 }]);
    await admin.api.shipments.markDelivered.mutate({ shipmentId: shipped.shipments[0]?.id ?? 0 });
    await expectReconciled();

    let answer: Awaited<ReturnType<Admin['api']['shipments']['cancelRemainder']['mutate']>> | undefined;
    expect(
      await countRoundTrips(async () => {
        answer = await admin.api.shipments.cancelRemainder.mutate({ orderId: order.id });
      }),
    ).toBe(1);
    expect(answer).toMatchObject({
      status: 'completed',
      fulfilmentStatus: 'delivered',
      items: [expect.objectContaining({ quantity: 3, shippedQuantity: 1, cancelledQuantity: 2, refundedQuantity: 2 })],
      payment: { capturedCents: 3_000, refundPendingCents: 2_000 },
    });
    expect(answer?.payment?.refunds).toEqual([
      expect.objectContaining({ amountCents: 2_000, status: 'pending', reason: 'unshipped remainder cancelled' }),
    ]);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 9, ledger: 9 });
    const [movement] = await runSql(
      'SELECT quantity_change AS change, reason FROM inventory_movements WHERE order_id = ? ORDER BY id DESC LIMIT 1',
      [order.id],
    );
    expect(movement).toMatchObject({ change: 2, reason: 'cancellation' });
    await expectReconciled();

    const again = await trpcError(admin.api.shipments.cancelRemainder.mutate({ orderId: order.id }));
    expect(again.data).toMatchObject({ httpStatus: 409, reason: 'INVALID_TRANSITION' });
  });

  it('cancels a remainder once when two admins race', async () => {
    const product = await fixtureProduct({ stock: 10, priceCents: 700 });
    const { order } = await paidOrder([{ variantId: product.variantId, quantity: 4 }]);
    await ship(order.id, [{ variantId: product.variantId, quantity: 1 }]);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => admin.api.shipments.cancelRemainder.mutate({ orderId: order.id })),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const final = await admin.api.orders.get.query({ id: order.id });
    expect(final).toMatchObject({ status: 'confirmed', fulfilmentStatus: 'shipped' });
    expect(final.payment?.refunds.map((refund) => refund.amountCents)).toEqual([2_100]);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 9, ledger: 9 });
    await expectReconciled();
  });
});
