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
} from './helpers.ts';
import {
  cardShop,
  deliver,
  getSession,
  oneCustomer,
  paySession,
  sessionIdOf,
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
