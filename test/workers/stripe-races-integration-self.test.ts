/**
 * The Stripe provider's races, each run as real concurrent requests against
 * the Worker and the local Stripe server (which counts what it makes per
 * PaymentIntent and every idempotency key it sees): one event delivered ten
 * times, a Worker gone between its refund row and Stripe, events out of
 * order, a payment after the hold expired, the return page against the
 * webhook, and a customer cancelling as the payment lands.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { client, countRoundTrips, fixtureCustomers, fixtureProduct, runSql, stockAndLedger } from './helpers.ts';
import {
  cardShop,
  dashboardRefund,
  deliver,
  expireHoldOf,
  expireSessionAtStripe,
  oneCustomer,
  paymentMoves,
  paySession,
  refundsOf,
  runCron,
  sessionIdOf,
  setStripeFaults,
  stripeEvent,
  stripeStats,
} from './stripe-helpers.ts';

let shop: Awaited<ReturnType<typeof cardShop>>;

beforeAll(async () => {
  shop = await cardShop('AR');
});

/** A paid card order: placed, then paid on Stripe's page; its webhook not delivered yet. */
async function paidOrder(options: { stock: number; priceCents?: number; quantity?: number }) {
  const product = await fixtureProduct({ stock: options.stock, priceCents: options.priceCents ?? 1_000 });
  const customer = await oneCustomer();
  const order = await shop.cardOrder(customer, product.variantId, options.quantity ?? 1);
  const session = await paySession(await sessionIdOf(order.id));
  return { product, customer, order, session, completed: stripeEvent('checkout.session.completed', session) };
}

const outcomes = (answers: Array<{ body: { outcome?: string } }>) =>
  answers.map((answer) => answer.body.outcome).sort();

async function eventRows(eventId: string) {
  return Number((await runSql('SELECT count(*) AS n FROM payment_events WHERE event_id = ?', [eventId]))[0]?.n);
}

describe('one event delivered many times', () => {
  it('captures once when checkout.session.completed arrives 10 times at once, and again later', async () => {
    const { product, customer, order, completed } = await paidOrder({ stock: 3, priceCents: 700 });
    const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(completed)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(outcomes(answers)).toEqual(['applied', ...Array(9).fill('duplicate')]);
    expect((await deliver(completed)).body.outcome).toBe('duplicate');
    expect(await eventRows(completed.id)).toBe(1);
    expect(await paymentMoves(order.id)).toEqual(['null>pending', 'pending>captured']);
    expect(await customer.api.orders.get.query({ id: order.id })).toMatchObject({
      status: 'confirmed',
      payment: { status: 'captured', capturedCents: 700 },
    });
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 2, ledger: 2 });
  });

  it('expires once, in one round trip, when checkout.session.expired arrives 10 times at once', async () => {
    const product = await fixtureProduct({ stock: 2 });
    const customer = await oneCustomer();
    const order = await shop.cardOrder(customer, product.variantId, 2);
    const expired = stripeEvent('checkout.session.expired', await expireSessionAtStripe(await sessionIdOf(order.id)));
    let first: Awaited<ReturnType<typeof deliver>> | undefined;
    expect(await countRoundTrips(async () => (first = await deliver(expired)))).toBe(1);
    const answers = [
      first as Awaited<ReturnType<typeof deliver>>,
      ...(await Promise.all(Array.from({ length: 9 }, () => deliver(expired)))),
    ];
    expect(outcomes(answers)).toEqual(['applied', ...Array(9).fill('duplicate')]);
    expect(await eventRows(expired.id)).toBe(1);
    const after = await customer.api.orders.get.query({ id: order.id });
    expect(after).toMatchObject({ status: 'expired', payment: { status: 'expired' } });
    expect(after.history.map((entry) => entry.toStatus)).toEqual(['pending', 'expired']);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 2, ledger: 2 });
  });
});

describe('a Worker gone between its refund row and Stripe', () => {
  it('lets the cron finish a refund Stripe made but never answered: exactly one refund, even with three crons at once', async () => {
    const { order, completed } = await paidOrder({ stock: 5, priceCents: 1_000 });
    const paid = order.payment?.id as number;
    await deliver(completed);
    // Every attempt of the admin's request (the SDK tries 3 times) makes or replays the refund, then loses the answer.
    await setStripeFaults({ refunds: { mode: 'lose-answer', times: 3 } });
    const answered = await shop.admin.api.payments.refund.mutate({
      orderId: order.id,
      amountCents: 300,
      reason: 'scratched',
    });
    expect(answered.payment).toMatchObject({ status: 'captured', refundPendingCents: 300 });
    const madeBlind = await refundsOf(order.id);
    expect(madeBlind).toMatchObject({ atStripe: 1, rows: [{ status: 'pending', reference: null }] });
    await Promise.all([runCron(), runCron(), runCron()]);
    const done = await refundsOf(order.id);
    expect(done.atStripe).toBe(1);
    expect(done.rows).toEqual([
      {
        status: 'succeeded',
        amountCents: 300,
        idempotencyKey: `refund-${paid}-1`,
        reference: expect.stringMatching(/^re_/),
      },
    ]);
    expect((await stripeStats()).idempotencyKeys[`refund-${paid}-1`]).toBeGreaterThanOrEqual(4);
    const final = await shop.admin.api.orders.get.query({ id: order.id });
    expect(final.payment).toMatchObject({ status: 'partially_refunded', refundedCents: 300, refundPendingCents: 0 });
  });

  it('lets the cron make a cancelled order’s refund that never reached Stripe: exactly one, the whole capture', async () => {
    const { order, completed } = await paidOrder({ stock: 5, priceCents: 2_000 });
    await deliver(completed);
    await setStripeFaults({ refunds: { mode: 'unavailable', times: 3 } });
    const cancelled = await shop.admin.api.orders.cancel.mutate({ id: order.id });
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      payment: { status: 'captured', refundPendingCents: 2_000 },
    });
    expect((await refundsOf(order.id)).atStripe).toBe(0);
    await Promise.all([runCron(), runCron(), runCron()]);
    const done = await refundsOf(order.id);
    expect(done).toMatchObject({ atStripe: 1, rows: [{ status: 'succeeded', amountCents: 2_000 }] });
    const final = await shop.admin.api.orders.get.query({ id: order.id });
    expect(final.payment).toMatchObject({ status: 'refunded', refundedCents: 2_000, refundPendingCents: 0 });
  });
});

describe('events out of order', () => {
  it('confirms a success that arrives after the session’s expiry, taking the stock again in the same batch', async () => {
    const { product, customer, order, session, completed } = await paidOrder({ stock: 1 });
    const staleExpiry = stripeEvent('checkout.session.expired', {
      ...session,
      status: 'expired',
      payment_status: 'unpaid',
      payment_intent: null,
    });
    expect((await deliver(staleExpiry)).body.outcome).toBe('applied');
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 1, ledger: 1 });
    expect(await countRoundTrips(() => deliver(completed))).toBe(1);
    const after = await customer.api.orders.get.query({ id: order.id });
    expect(after).toMatchObject({ status: 'confirmed', payment: { status: 'captured' } });
    expect(after.history.map((entry) => entry.toStatus)).toEqual(['pending', 'expired', 'confirmed']);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 0, ledger: 0 });
  });

  it('keeps a paid order paid when the expiry arrives after the success', async () => {
    const { customer, order, session, completed } = await paidOrder({ stock: 1 });
    await deliver(completed);
    const late = stripeEvent('checkout.session.expired', { ...session, status: 'expired' });
    expect(await deliver(late)).toEqual({ status: 200, body: { received: true, outcome: 'applied' } });
    expect(await customer.api.orders.get.query({ id: order.id })).toMatchObject({
      status: 'confirmed',
      payment: { status: 'captured' },
    });
  });

  it('answers 409 to a refund for a payment whose capture is not recorded yet, writing nothing, and applies it once delivered again', async () => {
    const { customer, order, session, completed } = await paidOrder({ stock: 1, priceCents: 1_500 });
    const refund = await dashboardRefund(session.payment_intent as string);
    const early = stripeEvent('refund.created', refund);
    expect(await deliver(early)).toMatchObject({ status: 409, body: { outcome: 'deferred' } });
    expect(await eventRows(early.id)).toBe(0);
    expect((await refundsOf(order.id)).rows).toEqual([]);
    expect(await deliver(completed)).toMatchObject({ status: 200, body: { outcome: 'applied' } });
    expect(await deliver(early)).toMatchObject({ status: 200, body: { outcome: 'applied' } });
    expect(await deliver(stripeEvent('refund.updated', refund))).toMatchObject({ status: 200 });
    expect((await refundsOf(order.id)).rows).toEqual([
      { status: 'succeeded', amountCents: 1_500, idempotencyKey: `stripe-${refund.id}`, reference: refund.id },
    ]);
    expect(await customer.api.orders.get.query({ id: order.id })).toMatchObject({
      status: 'confirmed',
      payment: { status: 'refunded', capturedCents: 1_500, refundedCents: 1_500 },
    });
  });
});

describe('a payment after the hold expired', () => {
  it('confirms the order and takes its stock again in the same batch when the stock is still there', async () => {
    const { product, customer, order, completed } = await paidOrder({ stock: 2, quantity: 2 });
    await expireHoldOf(order.id);
    // The next checkout, anyone's, expires it by the database's clock (the cron would too, and ask Stripe).
    const other = await fixtureProduct({ stock: 1 });
    await shop.cardOrder(await oneCustomer(), other.variantId);
    expect((await customer.api.orders.get.query({ id: order.id })).status).toBe('expired');
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 2, ledger: 2 });
    expect(await countRoundTrips(() => deliver(completed))).toBe(1);
    expect(await customer.api.orders.get.query({ id: order.id })).toMatchObject({
      status: 'confirmed',
      payment: { status: 'captured', refundPendingCents: 0 },
    });
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 0, ledger: 0 });
  });

  it('keeps the order expired and refunds it in full exactly once when its stock was sold meanwhile', async () => {
    const { product, customer, order, completed } = await paidOrder({ stock: 1, priceCents: 1_800 });
    await expireHoldOf(order.id);
    await shop.cardOrder(await oneCustomer(), product.variantId); // expires ours and takes the unit
    // The capture and its refund row in one batch, then Stripe's answer to the refund in one more.
    expect(await countRoundTrips(() => deliver(completed))).toBe(2);
    expect(await customer.api.orders.get.query({ id: order.id })).toMatchObject({
      status: 'expired',
      payment: { status: 'refunded', capturedCents: 1_800, refundedCents: 1_800, refundPendingCents: 0 },
    });
    expect(await refundsOf(order.id)).toMatchObject({
      atStripe: 1,
      rows: [{ status: 'succeeded', amountCents: 1_800 }],
    });
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 0, ledger: 0 });
  });

  it('refunds once when five deliveries and two crons (asking Stripe about the session) race for the late payment', async () => {
    const { product, order, completed } = await paidOrder({ stock: 1, priceCents: 1_100 });
    await expireHoldOf(order.id);
    await shop.cardOrder(await oneCustomer(), product.variantId);
    await Promise.all([...Array.from({ length: 5 }, () => deliver(completed)), runCron(), runCron()]);
    await runCron();
    expect(await paymentMoves(order.id)).toEqual([
      'null>pending',
      'pending>expired',
      'expired>captured',
      'captured>refunded',
    ]);
    expect(await refundsOf(order.id)).toMatchObject({
      atStripe: 1,
      rows: [{ status: 'succeeded', amountCents: 1_100 }],
    });
    expect((await shop.admin.api.orders.get.query({ id: order.id })).status).toBe('expired');
  });
});

describe('the return page racing the webhook', () => {
  it('gives one outcome: five returns and five deliveries at once capture once', async () => {
    const { customer, order, session, completed } = await paidOrder({ stock: 1, priceCents: 650 });
    const shopper = client();
    const [returns, webhooks] = await Promise.all([
      Promise.all(Array.from({ length: 5 }, () => shopper.payments.confirmReturn.mutate({ sessionId: session.id }))),
      Promise.all(Array.from({ length: 5 }, () => deliver(completed))),
    ]);
    for (const answer of returns) {
      expect(answer).toMatchObject({ orderId: order.id, orderStatus: 'confirmed', paymentStatus: 'captured' });
    }
    expect(webhooks.every((answer) => answer.status === 200)).toBe(true);
    expect(await paymentMoves(order.id)).toEqual(['null>pending', 'pending>captured']);
    const recorded = await runSql(
      "SELECT count(*) AS n FROM payment_events WHERE payment_id = ? AND type = 'checkout.session.completed'",
      [order.payment?.id as number],
    );
    expect(Number(recorded[0]?.n)).toBe(1);
    expect((await customer.api.orders.get.query({ id: order.id })).status).toBe('confirmed');
  });
});

describe('a customer cancelling as the payment arrives', () => {
  it('ends paid, or cancelled with its refund made once at Stripe: never cancelled with the money kept', async () => {
    const product = await fixtureProduct({ stock: 50, priceCents: 500 });
    const customers = await fixtureCustomers(8);
    for (const customer of customers) {
      const order = await shop.cardOrder(customer, product.variantId);
      const paid = await paySession(await sessionIdOf(order.id));
      await Promise.allSettled([
        customer.api.orders.cancel.mutate({ id: order.id }),
        deliver(stripeEvent('checkout.session.completed', paid)),
      ]);
      const final = await customer.api.orders.get.query({ id: order.id });
      const refunds = await refundsOf(order.id);
      if (final.status === 'cancelled') {
        expect({ id: order.id, payment: final.payment?.status, refunds }).toEqual({
          id: order.id,
          payment: 'refunded',
          refunds: { atStripe: 1, rows: [expect.objectContaining({ status: 'succeeded', amountCents: 500 })] },
        });
      } else {
        expect({
          id: order.id,
          status: final.status,
          payment: final.payment?.status,
          atStripe: refunds.atStripe,
        }).toEqual({ id: order.id, status: 'confirmed', payment: 'captured', atStripe: 0 });
      }
    }
  });
});
