/**
 * What Stripe tells us, applied once. Every fact about a Checkout Session or a
 * refund, whether a webhook event, the shopper's return or the cron's
 * question brought it, is ONE batch whose first statement inserts its
 * payment_events row (UNIQUE provider + event id): a repeated delivery fails
 * there, whole, and is answered as a duplicate. The state change follows in
 * the same batch, guarded by the payment's own compare-and-set
 * (captureStatements), so the webhook and the return page racing with two
 * different event ids still capture once.
 *
 * Outcomes: `applied`; `duplicate` (this event was applied before);
 * `superseded` (the payment had already moved on, e.g. the return page
 * captured it first); `ignored` (not ours, or a type we do not handle);
 * `deferred` (a refund for a payment whose capture we have not recorded yet:
 * nothing is written and the webhook answers 409, so Stripe delivers it again).
 */
import { sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type Stripe from 'stripe';
import type { Db } from '../../../db/client.ts';
import { constraintViolation, isViolationOf } from '../../../db/errors.ts';
import { orders, paymentEvents, payments } from '../../../db/schema.ts';
import { PAID_STATUSES, type PaymentStatus } from '../../../shared/payment-status.ts';
import { expireOrderStatements } from '../hold-expiry.ts';
import { captureStatements, movePaymentStatements, type PaymentActor } from '../payment-batches.ts';
import {
  type PendingRefund,
  pendingRefundsQuery,
  refundFacts,
  refundStatusStatements,
  runBatch,
  sendRefunds,
} from './refunds.ts';
import { OUTCOME_TYPES, SESSION_EVENT_TYPES, type SessionFacts, sessionFacts } from './session-facts.ts';

export type EventOutcome = 'applied' | 'duplicate' | 'superseded' | 'ignored' | 'deferred';

/**
 * The payment a session names in its metadata, if the session is the one
 * stored for it (or none is stored yet: the Worker died between opening and
 * storing it). Another shop's session on a shared Stripe account names no
 * payment here.
 */
const ours = (facts: SessionFacts) =>
  sql`${payments.id} = ${facts.paymentId} AND ${payments.provider} = 'stripe'
    AND (${payments.sessionId} IS NULL OR ${payments.sessionId} = ${facts.sessionId})`;

/** The statements of one session fact: the event row, the state change, then what the caller reads back. */
function sessionStatements(
  db: Db,
  facts: SessionFacts,
  record: { eventId: string; type: string },
  actor: PaymentActor,
) {
  const paymentId = sql`(SELECT ${payments.id} FROM ${payments} WHERE ${ours(facts)})`;
  const orderId = sql`(SELECT ${payments.orderId} FROM ${payments} WHERE ${ours(facts)})`;
  const change: BatchItem<'sqlite'>[] =
    facts.outcome === 'paid'
      ? captureStatements(db, orderId, { amountCents: facts.amountCents ?? -1, reference: facts.paymentIntent }, actor)
      : facts.outcome === 'expired'
        ? [...expireOrderStatements(db, orderId, actor.source)]
        : facts.outcome === 'failed'
          ? [...movePaymentStatements(db, orderId, { from: ['pending'], to: 'failed' }, actor, {}, 'payment failed')]
          : [];
  return [
    db.insert(paymentEvents).values({ provider: 'stripe', ...record, paymentId }),
    ...change,
    pendingRefundsQuery(db, sql`p.id = ${facts.paymentId}`),
    stateQuery(db, facts),
  ] as const;
}

export type PaymentState = { orderId: number; orderStatus: string; paymentStatus: PaymentStatus };

function stateQuery(db: Db, facts: SessionFacts) {
  return db
    .select({ orderId: orders.id, orderStatus: orders.status, paymentStatus: payments.status })
    .from(payments)
    .innerJoin(orders, sql`${orders.id} = ${payments.orderId}`)
    .where(ours(facts));
}

/**
 * Applies one session fact (event id: Stripe's, or `<source>:<session>:<outcome>`
 * for the return page and the cron), then sends any refund its batch wrote
 * (a payment for an order that was cancelled or whose stock was sold).
 */
export async function applySession(
  db: Db,
  stripe: Stripe,
  facts: SessionFacts,
  record: { eventId?: string; type?: string },
  actor: PaymentActor,
): Promise<{ outcome: EventOutcome; state: PaymentState | undefined }> {
  if (facts.outcome === 'open') return { outcome: 'ignored', state: await readState(db, facts) };
  const eventId = record.eventId ?? `${actor.source}:${facts.sessionId}:${facts.outcome}`;
  const type = record.type ?? OUTCOME_TYPES[facts.outcome];
  let results: unknown[];
  try {
    results = (await db.batch(
      sessionStatements(db, facts, { eventId, type }, actor) as unknown as Parameters<typeof db.batch>[0],
    )) as unknown as unknown[];
  } catch (error) {
    const outcome = await explainRefusal(db, error, facts);
    return { outcome, state: await readState(db, facts) };
  }
  const refunds = results[results.length - 2] as PendingRefund[];
  const [state] = results[results.length - 1] as PaymentState[];
  if (refunds.length > 0) await sendRefunds(db, stripe, refunds, actor);
  return { outcome: 'applied', state };
}

/**
 * Why a session batch was refused: a duplicate event, a payment that moved on,
 * or one that is not ours. Money Stripe took that we could not record (a
 * capture refused while the payment holds none) is thrown: the webhook
 * answers 500, Stripe delivers it again, and the log shows it.
 */
async function explainRefusal(db: Db, error: unknown, facts: SessionFacts): Promise<EventOutcome> {
  if (isViolationOf(error, 'unique', 'payment_events.')) return 'duplicate';
  if (!constraintViolation(error)) throw error;
  const state = await readState(db, facts);
  if (!state) return 'ignored';
  const paid = (PAID_STATUSES as readonly string[]).includes(state.paymentStatus);
  if (facts.outcome === 'paid' && !paid) throw error;
  return 'superseded';
}

async function readState(db: Db, facts: SessionFacts): Promise<PaymentState | undefined> {
  const [state] = await stateQuery(db, facts);
  return state;
}

/** A refund.* event: applied in one batch; deferred while its payment's capture is not recorded. */
async function applyRefundEvent(db: Db, refund: Stripe.Refund, record: { eventId: string; type: string }) {
  const facts = refundFacts(refund);
  try {
    await runBatch(db, refundStatusStatements(db, facts, { actorId: null, source: 'webhook' }, { event: record }));
    return 'applied';
  } catch (error) {
    if (isViolationOf(error, 'unique', 'payment_events.')) return 'duplicate';
    if (
      isViolationOf(error, 'notnull', 'refunds.payment_id') ||
      isViolationOf(error, 'check', 'payments_amounts_valid')
    ) {
      return 'deferred';
    }
    throw error;
  }
}

const SESSION_EVENTS = new Set<string>(SESSION_EVENT_TYPES);
const REFUND_EVENTS = new Set(['refund.created', 'refund.updated', 'refund.failed']);

/** The webhook's work, once the signature holds. */
export async function applyStripeEvent(db: Db, stripe: Stripe, event: Stripe.Event): Promise<EventOutcome> {
  const record = { eventId: event.id, type: event.type };
  if (SESSION_EVENTS.has(event.type)) {
    const facts = sessionFacts(event.data.object as Stripe.Checkout.Session, event.type);
    if (!facts) return 'ignored';
    return (await applySession(db, stripe, facts, record, { actorId: null, source: 'webhook' })).outcome;
  }
  if (REFUND_EVENTS.has(event.type)) return applyRefundEvent(db, event.data.object as Stripe.Refund, record);
  return 'ignored';
}
