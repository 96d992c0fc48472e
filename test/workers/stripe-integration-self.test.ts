/**
 * The Stripe provider through the real `stripe` SDK, pointed at the local
 * server in test/support/stripe-server.ts: Checkout Sessions that hold an
 * order's stock as long as they last, webhooks verified by their signature
 * and applied once, the shopper's return, refunds sent with our own
 * idempotency keys, and the cron that settles what no webhook did. Every
 * race runs as real concurrent requests.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../src/app.ts';
import {
  client,
  countRoundTrips,
  fixtureProduct,
  guestWithCart,
  newIdempotencyKey,
  runSql,
  stockAndLedger,
  TYPED_ADDRESS,
  trpcError,
} from './helpers.ts';
import {
  cardShop,
  deliver,
  expireHoldOf,
  getSession,
  oneCustomer,
  paySession,
  runCron,
  sessionIdOf,
  setStripeFaults,
  stripeEvent,
  stripeStats,
} from './stripe-helpers.ts';

let shop: Awaited<ReturnType<typeof cardShop>>;

beforeAll(async () => {
  shop = await cardShop('CL');
});

const cardOrder: Awaited<ReturnType<typeof cardShop>>['cardOrder'] = (...args) => shop.cardOrder(...args);

describe('opening a card payment', () => {
  it('offers card in store.settings and places a card order with its Checkout Session, which expires with the hold', async () => {
    const settings = await client().store.settings.query();
    expect(settings.paymentMethods).toContain('card');
    const product = await fixtureProduct({ stock: 5, priceCents: 1_250 });
    const customer = await oneCustomer();
    let order: Awaited<ReturnType<typeof cardOrder>> | undefined;
    // The placing batch, then the session stored: one pipeline each.
    expect(await countRoundTrips(async () => (order = await cardOrder(customer, product.variantId, 2)))).toBe(2);
    if (!order?.payment || !order.holdExpiresAt) throw new Error('no card payment');
    expect(order).toMatchObject({
      status: 'pending',
      payment: { provider: 'stripe', method: 'card', status: 'pending' },
    });
    const session = await getSession(await sessionIdOf(order.id));
    expect(order.payment.sessionUrl).toBe(session.url);
    expect(session).toMatchObject({
      status: 'open',
      amount_total: 2_500,
      currency: 'usd',
      client_reference_id: String(order.id),
      metadata: { stockroom_payment_id: String(order.payment.id) },
      success_url: `http://stockroom.test/orders/${order.id}?session_id={CHECKOUT_SESSION_ID}`,
    });
    expect(session.expires_at).toBe(Math.floor(Date.parse(order.holdExpiresAt) / 1000));
    const minutes = (Date.parse(order.holdExpiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(31);
    expect(minutes).toBeLessThanOrEqual(32);
    expect((await stripeStats()).idempotencyKeys[`session-${order.payment.id}`]).toBe(1);
  });

  it('answers the same session to a retried placing and to payments.cardSession, and a guest’s returns to their link', async () => {
    const product = await fixtureProduct({ stock: 5 });
    const customer = await oneCustomer();
    const key = newIdempotencyKey();
    const first = await cardOrder(customer, product.variantId, 1, key);
    const before = (await stripeStats()).sessionsCreated;
    const again = await cardOrder(customer, product.variantId, 1, key);
    const reopened = await customer.api.payments.cardSession.mutate({ orderId: first.id });
    expect(again.payment?.sessionUrl).toBe(first.payment?.sessionUrl);
    expect(reopened.payment?.sessionUrl).toBe(first.payment?.sessionUrl);
    expect((await stripeStats()).sessionsCreated).toBe(before);

    const guest = await guestWithCart(product.variantId);
    const order = await guest.api.checkout.place.mutate({
      idempotencyKey: newIdempotencyKey(),
      email: 'card-guest@example.com',
      shipTo: { address: { ...TYPED_ADDRESS, country: 'CL' } },
      shippingMethodId: shop.methodId,
      paymentMethod: 'card',
      expectedTotalCents: product.priceCents,
    });
    if (!('accessToken' in order)) throw new Error('no guest link');
    const session = await getSession(await sessionIdOf(order.id));
    expect(session.success_url).toBe(
      `http://stockroom.test/orders/link/${order.accessToken}?session_id={CHECKOUT_SESSION_ID}`,
    );
    expect(session.customer_email).toBe('card-guest@example.com');
    const byLink = await client().payments.cardSession.mutate({ token: order.accessToken });
    expect(byLink.payment?.sessionUrl).toBe(session.url);
  });

  it('refuses a half-done Stripe setup by name, and card when Stripe is not set up', async () => {
    const call = await app.request(
      'http://stockroom.test/trpc/store.settings',
      {},
      { ...env, STRIPE_WEBHOOK_SECRET: '' },
    );
    expect(call.status).toBe(503);
    expect(((await call.json()) as { error: { message: string } }).error.message).toContain('STRIPE_WEBHOOK_SECRET');
    const off = { ...env, STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '' };
    const settings = await app.request('http://stockroom.test/trpc/store.settings', {}, off);
    expect(
      ((await settings.json()) as { result: { data: { paymentMethods: string[] } } }).result.data.paymentMethods,
    ).not.toContain('card');
  });
});

describe('the webhook', () => {
  it('refuses a bad signature with 400 and changes nothing; a good one confirms the order in one round trip', async () => {
    const product = await fixtureProduct({ stock: 3, priceCents: 900 });
    const customer = await oneCustomer();
    const order = await cardOrder(customer, product.variantId);
    const paid = await paySession(await sessionIdOf(order.id));
    const event = stripeEvent('checkout.session.completed', paid);
    const forged = await deliver(event, 'whsec_not_the_endpoint_secret');
    expect(forged.status).toBe(400);
    expect((await customer.api.orders.get.query({ id: order.id })).status).toBe('pending');
    let answer: Awaited<ReturnType<typeof deliver>> | undefined;
    expect(await countRoundTrips(async () => (answer = await deliver(event)))).toBe(1);
    expect(answer).toEqual({ status: 200, body: { received: true, outcome: 'applied' } });
    const confirmed = await customer.api.orders.get.query({ id: order.id });
    expect(confirmed).toMatchObject({
      status: 'confirmed',
      holdExpiresAt: null,
      payment: { status: 'captured', capturedCents: 900, reference: paid.payment_intent },
    });
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 2, ledger: 2 });
    expect(await runSql('SELECT count(*) AS n FROM payment_events WHERE event_id = ?', [event.id])).toEqual([{ n: 1 }]);
  });
});

describe('the return from Stripe’s page', () => {
  it('changes nothing for a shopper back unpaid, confirms a paid one in one round trip, and knows no foreign session', async () => {
    const product = await fixtureProduct({ stock: 2, priceCents: 400 });
    const customer = await oneCustomer();
    const order = await cardOrder(customer, product.variantId);
    const sessionId = await sessionIdOf(order.id);
    const shopper = client();
    expect(await shopper.payments.confirmReturn.mutate({ sessionId })).toEqual({
      orderId: order.id,
      orderStatus: 'pending',
      paymentStatus: 'pending',
      sessionStatus: 'open',
    });
    await paySession(sessionId);
    let back: Awaited<ReturnType<typeof shopper.payments.confirmReturn.mutate>> | undefined;
    expect(await countRoundTrips(async () => (back = await shopper.payments.confirmReturn.mutate({ sessionId })))).toBe(
      1,
    );
    expect(back).toMatchObject({ orderStatus: 'confirmed', paymentStatus: 'captured', sessionStatus: 'paid' });
    const unknown = await trpcError(shopper.payments.confirmReturn.mutate({ sessionId: 'cs_test_not_ours' }));
    expect(unknown.data).toMatchObject({ httpStatus: 404, reason: 'NOT_FOUND' });
  });
});

describe('when Stripe cannot be reached, or the payment window closed', () => {
  it('keeps the order placed when its session cannot be opened, and opens it when asked again', async () => {
    const product = await fixtureProduct({ stock: 1 });
    const customer = await oneCustomer();
    const key = newIdempotencyKey();
    await setStripeFaults({ sessions: { mode: 'unavailable', times: 3 } });
    const refused = await trpcError(cardOrder(customer, product.variantId, 1, key));
    expect(refused.data).toMatchObject({ httpStatus: 503, reason: 'PAYMENT_PROVIDER_UNAVAILABLE' });
    const orderId = (refused.data.details as { orderId: number }).orderId;
    expect(await customer.api.orders.get.query({ id: orderId })).toMatchObject({
      status: 'pending',
      payment: { status: 'pending', sessionUrl: null },
    });
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 0, ledger: 0 });
    const reopened = await customer.api.payments.cardSession.mutate({ orderId });
    expect(reopened.payment?.sessionUrl).toMatch(/\/c\/pay\/cs_test_/);
  });

  it('answers PAYMENT_WINDOW_CLOSED when too little of the hold is left to open a session', async () => {
    const product = await fixtureProduct({ stock: 1 });
    const customer = await oneCustomer();
    await setStripeFaults({ sessions: { mode: 'unavailable', times: 3 } });
    const orderId = ((await trpcError(cardOrder(customer, product.variantId))).data.details as { orderId: number })
      .orderId;
    await runSql(
      "UPDATE orders SET hold_expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+10 minutes') WHERE id = ?",
      [orderId],
    );
    const closed = await trpcError(customer.api.payments.cardSession.mutate({ orderId }));
    expect(closed.data).toMatchObject({ httpStatus: 409, reason: 'PAYMENT_WINDOW_CLOSED' });
  });
});

describe('cancelling and refunding card orders', () => {
  it('expires an unpaid cancelled order’s payment (a late success is still refunded) and closes its session', async () => {
    const product = await fixtureProduct({ stock: 1 });
    const customer = await oneCustomer();
    const order = await cardOrder(customer, product.variantId);
    const cancelled = await customer.api.orders.cancel.mutate({ id: order.id });
    expect(cancelled).toMatchObject({ status: 'cancelled', payment: { status: 'expired' } });
    expect((await getSession(await sessionIdOf(order.id))).status).toBe('expired');
    const again = await trpcError(customer.api.payments.cardSession.mutate({ orderId: order.id }));
    expect(again.data.reason).toBe('PAYMENT_STATE_CHANGED');
  });

  it('sends an admin’s refund through Stripe with the row’s key, and refuses to record a card payment by hand', async () => {
    const product = await fixtureProduct({ stock: 2, priceCents: 1_000 });
    const customer = await oneCustomer();
    const order = await cardOrder(customer, product.variantId);
    await deliver(stripeEvent('checkout.session.completed', await paySession(await sessionIdOf(order.id))));
    const refunded = await shop.admin.api.payments.refund.mutate({
      orderId: order.id,
      amountCents: 400,
      reason: 'dent',
    });
    expect(refunded.payment).toMatchObject({ status: 'partially_refunded', refundedCents: 400, refundPendingCents: 0 });
    expect(refunded.payment?.refunds).toEqual([
      expect.objectContaining({ amountCents: 400, status: 'succeeded', reference: expect.stringMatching(/^re_/) }),
    ]);
    expect((await stripeStats()).idempotencyKeys[`refund-${order.payment?.id}-1`]).toBe(1);
    const byHand = await trpcError(
      shop.admin.api.payments.record.mutate({
        orderId: (await cardOrder(customer, product.variantId)).id,
        amountCents: 1_000,
        reference: 'X',
      }),
    );
    expect(byHand.data).toMatchObject({ httpStatus: 409, reason: 'PAYMENT_PROVIDER_MISMATCH' });
  });
});

describe('the cron', () => {
  it('captures a paid session whose webhook was lost, once its time is up', async () => {
    const product = await fixtureProduct({ stock: 1, priceCents: 300 });
    const customer = await oneCustomer();
    const order = await cardOrder(customer, product.variantId);
    const sessionId = await sessionIdOf(order.id);
    await paySession(sessionId);
    await expireHoldOf(order.id);
    await runCron();
    expect(await customer.api.orders.get.query({ id: order.id })).toMatchObject({
      status: 'confirmed',
      payment: { status: 'captured', capturedCents: 300 },
    });
    await runCron();
    const events = await runSql('SELECT event_id FROM payment_events WHERE payment_id = ?', [
      order.payment?.id as number,
    ]);
    expect(events).toEqual([{ event_id: `cron:${sessionId}:paid` }]);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 0, ledger: 0 });
  });

  it('closes an unpaid session past its expiry at Stripe and records it, so it is asked about once', async () => {
    const product = await fixtureProduct({ stock: 1 });
    const customer = await oneCustomer();
    const order = await cardOrder(customer, product.variantId);
    const sessionId = await sessionIdOf(order.id);
    await expireHoldOf(order.id);
    await runCron();
    expect((await getSession(sessionId)).status).toBe('expired');
    expect((await customer.api.orders.get.query({ id: order.id })).status).toBe('expired');
    await runCron();
    const events = await runSql('SELECT event_id FROM payment_events WHERE payment_id = ?', [
      order.payment?.id as number,
    ]);
    expect(events).toEqual([{ event_id: `cron:${sessionId}:expired` }]);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 1, ledger: 1 });
  });
});
