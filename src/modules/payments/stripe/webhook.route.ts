/**
 * Stripe's webhook, mounted at /webhooks (wrangler.toml lists /webhooks/* in
 * run_worker_first): `POST /webhooks/stripe`, a plain route because the
 * signature is over the raw body. A bad or missing signature gets 400 and
 * changes nothing; a verified event is applied once (events.ts) and answered
 * 200 `{ received: true, outcome }`, a duplicate included, except a refund
 * whose capture is not recorded yet: 409, so Stripe delivers it again later.
 * Database trouble is 503 and anything unexpected 500: Stripe retries both.
 *
 * @example
 * // Stripe Dashboard → Developers → Webhooks: https://<shop>/webhooks/stripe
 */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { databaseFor } from '../../../db/client.ts';
import { readConfig } from '../../../env.ts';
import type { AppEnv } from '../../../trpc/context.ts';
import { asDomainError, httpStatusOf } from '../../../trpc/error-status.ts';
import { type Stripe, stripeClient, webhookCrypto } from './client.ts';
import { applyStripeEvent } from './events.ts';

/** Stripe's events are a few kilobytes; this refuses abuse before any byte is hashed. */
const MAX_EVENT_BYTES = 256 * 1024;

export const webhooksRoute = new Hono<AppEnv>();

webhooksRoute.post(
  '/stripe',
  bodyLimit({
    maxSize: MAX_EVENT_BYTES,
    onError: (c) => c.json({ error: { message: `An event may have at most ${MAX_EVENT_BYTES} bytes` } }, 413),
  }),
  (c) =>
    answering(c, async () => {
      const config = readConfig(c.env);
      if (!config.stripe) return c.json({ error: { message: 'Card payments are not set up in this shop' } }, 404);
      const stripe = stripeClient(config.stripe);
      let event: Stripe.Event;
      try {
        event = await stripe.webhooks.constructEventAsync(
          await c.req.text(),
          c.req.header('stripe-signature') ?? '',
          config.stripe.webhookSecret,
          undefined,
          webhookCrypto,
        );
      } catch {
        // A signature that does not match, an old timestamp or a body that is not an event: nothing is read from it.
        return c.json({ error: { message: 'The Stripe-Signature header does not match this body' } }, 400);
      }
      const outcome = await applyStripeEvent(databaseFor(config), stripe, event);
      return c.json({ received: true, outcome }, outcome === 'deferred' ? 409 : 200);
    }),
);

/** Configuration and database trouble as their status (503, which Stripe retries); anything else is the app's 500. */
async function answering(c: Context<AppEnv>, handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    const domain = asDomainError(error);
    if (!domain) throw error;
    return c.json({ error: { message: domain.message } }, httpStatusOf(domain.reason) as 503);
  }
}
