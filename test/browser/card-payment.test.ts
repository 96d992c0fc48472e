/**
 * Card payments end to end in real Chromium against the real stack, with
 * Stripe played by the local server (test/support/stripe-server.ts) and its
 * hosted page (stripe-hosted-page.ts): the shopper checks out by card, is sent
 * to "Stripe", pays, comes back to the order's page, which confirms the
 * return and shows the order paid; the server applied the payment once, and
 * Stripe's webhook for the same session changes nothing after it. A guest
 * who leaves Stripe's page unpaid pays later with "Pay now".
 */
import type { Page } from 'playwright-core';
import Stripe from 'stripe';
import { describe, expect, inject, it } from 'vitest';
import {
  api,
  apiCustomer,
  baseUrl,
  browserPerFile,
  checkoutTotal,
  fillAddress,
  goToCheckout,
  HOME_ADDRESS,
  paymentSection,
  productId,
  screenshot,
  signInWithSession,
  statusBadges,
  type TestAddress,
  uniqueEmail,
  variantId,
} from './helpers.ts';

const newPage = browserPerFile();

const EDINBURGH: TestAddress = {
  name: 'Ada Byron',
  line1: '1 Princes Street',
  line2: '',
  city: 'Edinburgh',
  region: '',
  postalCode: 'EH2 2EQ',
  country: 'GB',
  phone: '',
};

/** The local Stripe server's API, with this run's secret key. */
async function stripeApi<T>(path: string): Promise<T> {
  const response = await fetch(`${inject('stripeApiUrl')}${path}`, {
    headers: { authorization: `Bearer ${inject('stripeSecretKey')}` },
  });
  if (!response.ok) throw new Error(`stripe server ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Stripe's `checkout.session.completed` for the session as it stands, signed and POSTed to the Worker. */
async function deliverCompleted(sessionId: string): Promise<number> {
  const session = await stripeApi<Stripe.Checkout.Session>(`/v1/checkout/sessions/${sessionId}`);
  const payload = JSON.stringify({
    id: `evt_${crypto.randomUUID().replaceAll('-', '')}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    data: { object: session },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: 'checkout.session.completed',
  });
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: inject('stripeWebhookSecret') });
  const response = await fetch(`${baseUrl()}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body: payload,
  });
  return response.status;
}

/** On "Stripe"'s page: pays, and waits to be back on the shop's order page with the session id. */
async function payOnStripe(page: Page): Promise<string> {
  await page.waitForURL(/\/c\/pay\/cs_\w+$/);
  const sessionId = /\/c\/pay\/(cs_\w+)$/.exec(page.url())?.[1] ?? '';
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  await page.waitForURL((url) => url.origin === baseUrl() && url.searchParams.get('session_id') === sessionId);
  return sessionId;
}

describe('card', () => {
  it('is paid on Stripe’s page and shows paid on the order page, applied once; the webhook then changes nothing', async () => {
    const customer = await apiCustomer('Ada Byron');
    await customer.api.cart.add.mutate({ variantId: await variantId('Gooseneck Kettle'), quantity: 1 });
    const page = await newPage();
    await signInWithSession(page, customer);
    await page.getByRole('link', { name: /^Cart, 1 item$/ }).click();
    await goToCheckout(page);
    await fillAddress(page, EDINBURGH);
    await page.getByRole('radio', { name: /^Tracked \(3-5 days\)/ }).waitFor();
    await page.getByRole('radio', { name: /^Card/ }).check();
    expect(await checkoutTotal(page)).toBe('$104.39');
    await page.getByRole('button', { name: 'Place order', exact: true }).click();

    await page.waitForURL(/\/c\/pay\/cs_\w+$/);
    await page.getByText('Pay 104.39 USD').waitFor();
    await screenshot(page, 'card-stripe-page');
    const sessionId = await payOnStripe(page);
    const orderId = Number(/\/orders\/(\d+)$/.exec(new URL(page.url()).pathname)?.[1]);

    await page.getByText('Thank you! Your card payment went through.').waitFor();
    await statusBadges(page).getByText('Paid', { exact: true }).waitFor();
    await statusBadges(page).getByText('Confirmed', { exact: true }).waitFor();
    expect(await paymentSection(page).textContent()).toContain('Received$104.39');
    expect(await page.getByRole('button', { name: 'Pay now' }).count()).toBe(0);
    await screenshot(page, 'card-order-paid');

    const captures = async () => {
      const order = await customer.api.orders.get.query({ id: orderId });
      return { status: order.status, history: order.payment?.history.map((entry) => entry.toStatus) };
    };
    expect(await captures()).toEqual({ status: 'confirmed', history: ['pending', 'captured'] });
    expect(await deliverCompleted(sessionId)).toBe(200);
    expect(await captures()).toEqual({ status: 'confirmed', history: ['pending', 'captured'] });
    await page.close();
  });

  it('lets a guest who left Stripe’s page unpaid pay later from the order link with Pay now', async () => {
    const page = await newPage();
    await page.goto(`${baseUrl()}/products/${await productId('Linen Tea Towels')}`);
    await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
    await page.getByText('Added to cart').waitFor();
    await page.getByRole('link', { name: /^Cart, 1 item$/ }).click();
    await goToCheckout(page);
    await page.getByLabel('Email', { exact: true }).fill(uniqueEmail('card-guest'));
    await fillAddress(page, HOME_ADDRESS);
    await page.getByRole('radio', { name: /^Standard \(4-7 days\)/ }).waitFor();
    await page.getByRole('radio', { name: /^Card/ }).check();
    expect(await checkoutTotal(page)).toBe('$34.50');
    await page.getByRole('button', { name: 'Place order', exact: true }).click();

    await page.waitForURL(/\/c\/pay\/cs_\w+$/);
    const firstSession = page.url();
    await page.getByRole('link', { name: 'Back to the shop' }).click();
    await page.waitForURL(/\/orders\/link\/[\w-]{43}$/);
    const token = /\/orders\/link\/([\w-]{43})$/.exec(page.url())?.[1] ?? '';
    await statusBadges(page).getByText('Awaiting payment', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Pay now' }).click();

    await page.waitForURL(/\/c\/pay\/cs_\w+$/);
    expect(page.url()).toBe(firstSession);
    await payOnStripe(page);
    expect(new URL(page.url()).pathname).toBe(`/orders/link/${token}`);
    await page.getByText('Thank you! Your card payment went through.').waitFor();
    await statusBadges(page).getByText('Confirmed', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Pay now' }).count()).toBe(0);
    const order = await api().orders.byLink.query({ token });
    expect(order.payment?.history.map((entry) => entry.toStatus)).toEqual(['pending', 'captured']);
    await screenshot(page, 'card-guest-paid');
    await page.close();
  });
});
