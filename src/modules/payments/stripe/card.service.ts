/**
 * The shopper's and the admin's side of card payments: (re)opening a pending
 * order's Checkout Session, the return from Stripe's page, and what follows a
 * write that cancelled or refunded a card order (the refund sent, the
 * session closed).
 */
import Stripe from 'stripe';
import type { Db } from '../../../db/client.ts';
import type { Config } from '../../../env.ts';
import type { TokenUser } from '../../auth/token.ts';
import { DomainError, notFound } from '../../domain-error.ts';
import type { OrderDetail } from '../../orders/order-detail.ts';
import { getOrder, getOrderByLink } from '../../orders/orders.service.ts';
import type { PaymentActor } from '../payment-batches.ts';
import { failure, providerUnavailable, requireStripe, stripeClient } from './client.ts';
import { applySession } from './events.ts';
import { sendOrderRefunds } from './refunds.ts';
import { sessionFacts } from './session-facts.ts';
import { closeSession, withCardSession } from './sessions.ts';

/** The order's page in the storefront, where Stripe sends the shopper back: a guest's is their order link. */
export function orderPageUrl(origin: string, order: { id: number; accessToken?: string }): string {
  return order.accessToken ? `${origin}/orders/link/${order.accessToken}` : `${origin}/orders/${order.id}`;
}

/** Who asks for the session: the customer (or an admin) by order id, or a guest by their order link's token. */
export type CardSessionViewer = { user: TokenUser; orderId: number } | { token: string };

/**
 * The pending card order with its Checkout Session URL, opened if it has
 * none yet (the same session as any earlier attempt: see sessions.ts).
 */
export async function cardSession(db: Db, config: Pick<Config, 'stripe'>, viewer: CardSessionViewer, origin: string) {
  const token = 'token' in viewer ? viewer.token : undefined;
  const order =
    'user' in viewer ? await getOrder(db, viewer.user, viewer.orderId) : await getOrderByLink(db, viewer.token);
  const payment = order.payment;
  if (payment?.provider !== 'stripe') {
    throw new DomainError('PAYMENT_PROVIDER_MISMATCH', `Order ${order.id} is not paid by card`, {
      provider: payment?.provider ?? null,
    });
  }
  if (order.status !== 'pending' || payment.status !== 'pending') {
    throw new DomainError(
      'PAYMENT_STATE_CHANGED',
      `Order ${order.id} is ${order.status} and its payment ${payment.status}: there is no card payment to make`,
      { status: payment.status, orderStatus: order.status },
    );
  }
  return withCardSession(db, config, order, orderPageUrl(origin, { id: order.id, accessToken: token }));
}

/**
 * The shopper is back from Stripe's page: asks Stripe how the session ended
 * and applies it through the same guarded batch as the webhook, so whichever
 * comes first captures and the other changes nothing. Answers the payment's
 * state only: the order itself is read through the shopper's own access.
 */
export async function confirmReturn(db: Db, config: Pick<Config, 'stripe'>, sessionId: string) {
  const stripe = requireStripe(config);
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.retrieve(sessionId);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) {
      throw notFound('payment session', sessionId);
    }
    console.error(`stripe: session ${sessionId} not retrieved:`, failure(error));
    throw providerUnavailable();
  }
  const facts = sessionFacts(session);
  if (!facts) throw notFound('payment session', sessionId);
  const { state } = await applySession(db, stripe, facts, {}, { actorId: null, source: 'return' });
  if (!state) throw notFound('payment session', sessionId);
  return { ...state, sessionStatus: facts.outcome };
}

/**
 * After a write to a card order that may owe Stripe a call: refunds it left
 * pending are sent now (the cron would within a minute), and a cancelled
 * order's session is closed. Answers the order, read again when a refund
 * moved it.
 */
export async function settleCardOrder(
  db: Db,
  config: Pick<Config, 'stripe'>,
  order: OrderDetail,
  actor: PaymentActor,
  reread: () => Promise<OrderDetail>,
): Promise<OrderDetail> {
  if (order.payment?.provider !== 'stripe' || !config.stripe) return order;
  if (order.status === 'cancelled' && order.payment.status === 'expired') await closeSession(db, config, order.id);
  if (order.payment.refundPendingCents === 0) return order;
  await sendOrderRefunds(db, stripeClient(config.stripe), order.id, actor);
  return reread();
}
