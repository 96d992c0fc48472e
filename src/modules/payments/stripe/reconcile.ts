/**
 * The cron's questions to Stripe, so that what must happen does even when a
 * webhook is lost or a Worker dies between writing a row and calling Stripe:
 *
 * - sessions past their expiry that no event has settled: each is retrieved
 *   (one still open is expired at Stripe first, so nobody pays it after its
 *   stock went back on sale) and applied like its webhook would be: paid is
 *   captured through captureStatements, anything else expires the order;
 * - refunds still pending: sent again with their own idempotency key, or
 *   asked about when Stripe already has them (refunds.ts).
 *
 * Each item is its own call and its own batch; one that fails is left for the
 * next minute and the sweep goes on.
 */
import { sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Db } from '../../../db/client.ts';
import { orders, paymentEvents, payments } from '../../../db/schema.ts';
import { failure, isRefusal } from './client.ts';
import { applySession } from './events.ts';
import { retryPendingRefunds } from './refunds.ts';
import { SESSION_EVENT_TYPES, sessionFacts } from './session-facts.ts';

const SESSIONS_PER_SWEEP = 20;
/** How long after its end a session is still asked about (Stripe keeps them; a few days covers any outage). */
const ASK_FOR_DAYS = 7;
const CRON = { actorId: null, source: 'cron' } as const;

/**
 * Card payments whose session should be over by now and that no session
 * event (webhook, return or cron) settled. Orders by their hold's end
 * (orders_hold_idx; a paid order has none), then payment_events by payment
 * (payment_events_payment_idx).
 */
function unsettledSessions(db: Db) {
  return db
    .select({ paymentId: payments.id, sessionId: payments.sessionId })
    .from(orders)
    .innerJoin(payments, sql`${payments.orderId} = ${orders.id}`)
    .where(
      sql`${orders.status} IN ('pending', 'expired', 'cancelled')
        AND ${orders.holdExpiresAt} <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        AND ${orders.holdExpiresAt} > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`-${ASK_FOR_DAYS} days`})
        AND ${payments.provider} = 'stripe' AND ${payments.sessionId} IS NOT NULL
        AND ${payments.status} IN ('pending', 'expired')
        AND NOT EXISTS (SELECT 1 FROM ${paymentEvents} e WHERE e.payment_id = ${payments.id}
          AND e.type IN ${SESSION_EVENT_TYPES})`,
    )
    .orderBy(orders.holdExpiresAt)
    .limit(SESSIONS_PER_SWEEP);
}

/** Stripe's word on one session; an open one is closed first, and one paid meanwhile is read again. */
async function finalSession(stripe: Stripe, paymentId: number, sessionId: string) {
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  if (session.status !== 'open') return session;
  try {
    return await stripe.checkout.sessions.expire(sessionId, {}, { idempotencyKey: `expire-${paymentId}` });
  } catch {
    return stripe.checkout.sessions.retrieve(sessionId);
  }
}

export async function reconcileSessions(db: Db, stripe: Stripe): Promise<number> {
  let settled = 0;
  for (const { paymentId, sessionId } of await unsettledSessions(db)) {
    try {
      const facts = sessionFacts(await finalSession(stripe, paymentId, sessionId as string));
      if (!facts || facts.paymentId !== paymentId) continue;
      const { outcome } = await applySession(db, stripe, facts, {}, CRON);
      if (outcome === 'applied') settled += 1;
    } catch (error) {
      console.error(`stripe: session ${sessionId} not reconciled (next minute again):`, failure(error));
      // Stripe (or the database) is not answering: the rest would wait for their timeouts too.
      if (!isRefusal(error)) break;
    }
  }
  return settled;
}

/** The cron's Stripe sweep: sessions first (a capture may write a refund), then every pending refund. */
export async function reconcileStripe(db: Db, stripe: Stripe) {
  const sessions = await reconcileSessions(db, stripe);
  const refunds = await retryPendingRefunds(db, stripe);
  return { sessions, refunds };
}
