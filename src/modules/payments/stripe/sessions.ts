/**
 * Stripe Checkout Sessions: where a card order is paid. A session is opened
 * right after the batch that placed its order, with the idempotency key
 * `session-<paymentId>` and parameters made from the order row alone, so a
 * retry (the shopper's, or placing again with the same key) gets the same
 * session back from Stripe; its id and URL are then stored in one more batch.
 * The session expires when the order's hold does (`expires_at` =
 * hold_expires_at), so an unpaid order gives its stock back with it.
 */
import { sql } from 'drizzle-orm';
import Stripe from 'stripe';
import type { Db } from '../../../db/client.ts';
import { NOW, payments } from '../../../db/schema.ts';
import type { Config } from '../../../env.ts';
import { DomainError } from '../../domain-error.ts';
import { type OrderDetail, orderDetailQuery, parseOrderDetail, publicOrder } from '../../orders/order-detail.ts';
import { failure, providerUnavailable, requireStripe } from './client.ts';
import { PAYMENT_METADATA_KEY } from './session-facts.ts';

/** Whether the order waits for a card payment that has no session stored yet. */
function needsSession(order: OrderDetail): boolean {
  return (
    order.status === 'pending' &&
    order.payment?.provider === 'stripe' &&
    order.payment.status === 'pending' &&
    order.payment.sessionUrl === null
  );
}

/**
 * The order with its Checkout Session: opened and stored when a pending card
 * order has none; any other order as it is. `returnTo` is the order's page,
 * where Stripe sends the shopper back (with `?session_id=`) whether they paid
 * or not.
 *
 * @example
 * return withCardSession(ctx.db, ctx.config, await placeOrderFromCart(...), `${ctx.origin}/orders/${id}`);
 */
export async function withCardSession<T extends OrderDetail>(
  db: Db,
  config: Pick<Config, 'stripe'>,
  order: T,
  returnTo: string,
): Promise<T> {
  if (!needsSession(order) || !order.payment) return order;
  const session = await openSession(requireStripe(config), order, returnTo);
  const [row] = await db
    .batch([
      db
        .update(payments)
        .set({ sessionId: session.id, sessionUrl: session.url, updatedAt: NOW })
        .where(sql`${payments.id} = ${order.payment.id} AND ${payments.sessionId} IS NULL`),
      orderDetailQuery(db, sql`o.id = ${order.id}`),
    ])
    .then((results) => results[1]);
  if (!row) throw new Error(`order ${order.id} vanished while its payment session was stored`);
  return { ...order, ...publicOrder(parseOrderDetail(row)) };
}

async function openSession(stripe: Stripe, order: OrderDetail, returnTo: string) {
  const payment = order.payment as NonNullable<OrderDetail['payment']>;
  const metadata = { [PAYMENT_METADATA_KEY]: String(payment.id), stockroom_order_id: String(order.id) };
  try {
    const session = await stripe.checkout.sessions.create(
      {
        mode: 'payment',
        // Card only: its result is known when the shopper leaves Stripe's page (no delayed methods).
        allowed_payment_method_types: ['card'],
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: order.currency.toLowerCase(),
              unit_amount: payment.amountCents,
              product_data: { name: `Order ${order.id}` },
            },
          },
        ],
        client_reference_id: String(order.id),
        customer_email: order.customer.email,
        metadata,
        payment_intent_data: { metadata },
        // Stripe's clock may run a second ahead of the database's: the session ends no later than the hold.
        expires_at: Math.floor(Date.parse(order.holdExpiresAt ?? '') / 1000),
        success_url: `${returnTo}?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: returnTo,
      },
      { idempotencyKey: `session-${payment.id}` },
    );
    if (!session.url) throw new Error(`Stripe answered session ${session.id} without a URL`);
    return { id: session.id, url: session.url };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.param === 'expires_at') {
      throw new DomainError(
        'PAYMENT_WINDOW_CLOSED',
        `Order ${order.id}'s payment window has closed; it gives its stock back at ${order.holdExpiresAt}. Place the order again to pay by card`,
        { orderId: order.id, holdExpiresAt: order.holdExpiresAt },
      );
    }
    console.error(`stripe: no session for order ${order.id}:`, failure(error));
    throw providerUnavailable(order.id);
  }
}

/**
 * After a card order was cancelled: closes its session at Stripe, so the
 * shopper's open tab can no longer pay. Best effort: a session that was paid
 * meanwhile is captured by its webhook (or the cron) and refunded in full.
 */
export async function closeSession(db: Db, config: Pick<Config, 'stripe'>, orderId: number): Promise<void> {
  if (!config.stripe) return;
  const [payment] = await db
    .select({ id: payments.id, sessionId: payments.sessionId })
    .from(payments)
    .where(
      sql`${payments.orderId} = ${orderId} AND ${payments.provider} = 'stripe' AND ${payments.status} = 'expired'`,
    );
  if (!payment?.sessionId) return;
  try {
    await requireStripe(config).checkout.sessions.expire(
      payment.sessionId,
      {},
      { idempotencyKey: `expire-${payment.id}` },
    );
  } catch (error) {
    console.warn(`stripe: session of cancelled order ${orderId} not closed (the cron asks again):`, failure(error));
  }
}
