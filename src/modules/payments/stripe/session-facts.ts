/**
 * What a Stripe Checkout Session says, reduced to what Stockroom acts on:
 * which of our payments it is for (its metadata, set when we opened it) and
 * how it ended. The webhook, the return page and the cron all read a
 * session through here, so they cannot disagree about what it means.
 */
import type Stripe from 'stripe';

/** The metadata key that ties a Checkout Session (and its PaymentIntent) to our payment row. */
export const PAYMENT_METADATA_KEY = 'stockroom_payment_id';

/** What a Checkout Session says, as we act on it. */
export type SessionFacts = {
  sessionId: string;
  paymentId: number;
  outcome: 'paid' | 'expired' | 'failed' | 'processing' | 'open';
  amountCents: number | null;
  paymentIntent: string | null;
};

/** The session's facts, or null for a session Stockroom did not make. */
export function sessionFacts(session: Stripe.Checkout.Session, eventType?: string): SessionFacts | null {
  const paymentId = Number(session.metadata?.[PAYMENT_METADATA_KEY]);
  if (!Number.isSafeInteger(paymentId) || paymentId <= 0) return null;
  const outcome =
    eventType === 'checkout.session.async_payment_failed'
      ? 'failed'
      : session.status === 'expired'
        ? 'expired'
        : session.status === 'complete'
          ? session.payment_status === 'paid'
            ? 'paid'
            : 'processing'
          : 'open';
  const intent = session.payment_intent;
  return {
    sessionId: session.id,
    paymentId,
    outcome,
    amountCents: session.amount_total,
    paymentIntent: typeof intent === 'string' ? intent : (intent?.id ?? null),
  };
}

/** The event type an outcome is recorded as when no webhook brought it (the return page, the cron). */
export const OUTCOME_TYPES = {
  paid: 'checkout.session.completed',
  processing: 'checkout.session.completed',
  expired: 'checkout.session.expired',
  failed: 'checkout.session.async_payment_failed',
  open: 'checkout.session.open',
} as const;

/** The session events handled; any of them recorded for a payment means its session is settled. */
export const SESSION_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
] as const;
