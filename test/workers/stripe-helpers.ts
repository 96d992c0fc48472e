/**
 * Helpers for the Stripe provider's Worker tests: the local Stripe server's
 * test controls (the shopper paying, faults, counters), events shaped like
 * Stripe's and signed with the SDK's own test header, their delivery to
 * POST /webhooks/stripe, and the Cron Trigger fired by hand.
 */
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import Stripe from 'stripe';
import { inject } from 'vitest';
import worker from '../../src/index.ts';
import type { StripeFaults, StripeServerStats } from '../support/stripe-controls.ts';
import { fixtureCustomers, newIdempotencyKey, runSql, signInAdmin, TYPED_ADDRESS, workerRequest } from './helpers.ts';

type Session = Stripe.Checkout.Session;

async function stripeServer<T>(
  path: string,
  init: { method?: string; json?: unknown; form?: string } = {},
): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${inject('stripeSecretKey')}` };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  if (init.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  const response = await fetch(`${inject('stripeApiUrl')}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.form,
  });
  const body = (await response.json()) as T;
  if (!response.ok) throw new Error(`stripe server ${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** The session as Stripe holds it now. */
export const getSession = (id: string) => stripeServer<Session>(`/v1/checkout/sessions/${id}`);

/** Stripe closes the session (its expires_at passed, or it was expired through the API). */
export const expireSessionAtStripe = (id: string) =>
  stripeServer<Session>(`/v1/checkout/sessions/${id}/expire`, { method: 'POST' });

/** The shopper pays on Stripe's page: the session completes, paid, with a PaymentIntent. */
export const paySession = (id: string) => stripeServer<Session>(`/_test/sessions/${id}/pay`, { method: 'POST' });

/** A refund made at Stripe without Stockroom (as in the Dashboard). */
export const dashboardRefund = (paymentIntent: string) =>
  stripeServer<Stripe.Refund>('/v1/refunds', { method: 'POST', form: `payment_intent=${paymentIntent}` });

export const stripeStats = () => stripeServer<StripeServerStats>('/_test/stats');

/** The next refund calls fail: see test/support/stripe-server.ts. */
export const setStripeFaults = (faults: StripeFaults) =>
  stripeServer('/_test/faults', { method: 'POST', json: faults });

/** The Checkout Session id stored for an order's payment. */
export async function sessionIdOf(orderId: number): Promise<string> {
  const [row] = await runSql('SELECT session_id FROM payments WHERE order_id = ?', [orderId]);
  if (!row?.session_id) throw new Error(`order ${orderId} has no payment session`);
  return String(row.session_id);
}

/** An event as Stripe sends it (https://docs.stripe.com/api/events/object), with a fresh id unless given. */
export function stripeEvent(type: string, object: unknown, id = `evt_${crypto.randomUUID().replaceAll('-', '')}`) {
  return {
    id,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** POST /webhooks/stripe as Stripe would: the raw JSON, signed with the endpoint's secret (or another). */
export async function deliver(event: { id: string }, secret = inject('stripeWebhookSecret')) {
  const payload = JSON.stringify(event);
  const signature = await Stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret,
    cryptoProvider: Stripe.createSubtleCryptoProvider(),
  });
  const response = await workerRequest('/webhooks/stripe', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body: payload,
  });
  return { status: response.status, body: (await response.json()) as { received?: boolean; outcome?: string } };
}

/** The Cron Trigger, as Cloudflare fires it every minute, run to its end. */
export async function runCron() {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '* * * * *' }), env, ctx);
  await waitOnExecutionContext(ctx);
}

/** A payment's refund rows and how many refunds Stripe made for its PaymentIntent. */
export async function refundsOf(orderId: number) {
  const rows = await runSql(
    `SELECT r.status, r.amount_cents, r.idempotency_key, r.reference, p.reference AS intent
     FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.order_id = ? ORDER BY r.id`,
    [orderId],
  );
  const intent =
    rows[0]?.intent ?? (await runSql('SELECT reference FROM payments WHERE order_id = ?', [orderId]))[0]?.reference;
  const atStripe = intent ? ((await stripeStats()).refundsByPaymentIntent[String(intent)] ?? 0) : 0;
  return {
    rows: rows.map((row) => ({
      status: String(row.status),
      amountCents: Number(row.amount_cents),
      idempotencyKey: String(row.idempotency_key),
      reference: row.reference === null ? null : String(row.reference),
    })),
    atStripe,
  };
}

/** How many times each payment status was entered, from the payment's history. */
export async function paymentMoves(orderId: number): Promise<string[]> {
  const rows = await runSql(
    `SELECT h.from_status, h.to_status FROM payment_status_history h JOIN payments p ON p.id = h.payment_id
     WHERE p.order_id = ? ORDER BY h.id`,
    [orderId],
  );
  return rows.map((row) => `${row.from_status ?? 'null'}>${row.to_status}`);
}

export type Customer = Awaited<ReturnType<typeof fixtureCustomers>>[number];

/**
 * A test file's shop for card orders: the admin, a shipping zone of the
 * file's own (`country`, free shipping, no tax), and card orders placed by
 * orders.create.
 */
export async function cardShop(country: string) {
  const admin = await signInAdmin();
  const zone = await admin.api.shipping.createZone.mutate({ name: `Card tests ${country}`, countries: [country] });
  const methodId = (await admin.api.shipping.createMethod.mutate({ zoneId: zone.id, name: 'Free', priceCents: 0 })).id;
  return {
    admin,
    methodId,
    cardOrder: (customer: Customer, variantId: number, quantity = 1, idempotencyKey = newIdempotencyKey()) =>
      customer.api.orders.create.mutate({
        idempotencyKey,
        items: [{ variantId, quantity }],
        shippingMethodId: methodId,
        shipTo: { address: { ...TYPED_ADDRESS, country } },
        paymentMethod: 'card',
      }),
  };
}

export async function oneCustomer(): Promise<Customer> {
  const [customer] = await fixtureCustomers(1);
  if (!customer) throw new Error('no customer');
  return customer;
}

/** Makes the order's hold run out, as if its time had passed. */
export async function expireHoldOf(orderId: number) {
  await runSql("UPDATE orders SET hold_expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 minute') WHERE id = ?", [
    orderId,
  ]);
}
