/**
 * The Cron Trigger's work ([triggers] in wrangler.toml, every minute): holds
 * that ran out, guest carts left alone, then, with Stripe set up, the card
 * sessions and refunds no webhook or request has settled (each one call and
 * one batch, last because they wait on Stripe). A misconfigured Worker logs
 * and skips, as its requests answer 503.
 */
import { databaseFor } from './db/client.ts';
import { ConfigError, readConfig } from './env.ts';
import { sweepGuestCarts } from './modules/cart/guest-cart-sweep.ts';
import { expireHolds } from './modules/payments/hold-expiry.ts';
import { stripeClient } from './modules/payments/stripe/client.ts';
import { reconcileStripe } from './modules/payments/stripe/reconcile.ts';

export async function scheduled(_controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return console.error(`scheduled: ${error.message}`);
    throw error;
  }
  const db = databaseFor(config);
  const expired = await expireHolds(db);
  if (expired > 0) console.log(`scheduled: ${expired} unpaid orders expired and their stock went back on sale`);
  const removed = await sweepGuestCarts(db, config.guestCartTtlHours);
  if (removed > 0) {
    console.log(`scheduled: removed ${removed} guest carts left alone over ${config.guestCartTtlHours} h`);
  }
  if (!config.stripe) return;
  const stripe = await reconcileStripe(db, stripeClient(config.stripe));
  if (stripe.sessions > 0 || stripe.refunds > 0) {
    console.log(`scheduled: Stripe settled ${stripe.sessions} card sessions and retried ${stripe.refunds} refunds`);
  }
}
