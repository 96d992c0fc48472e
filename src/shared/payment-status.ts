/**
 * A payment's lifecycle, one payment per order (src/db/schema.ts `payments`).
 * Amounts move with it under CHECKs: captured ≤ authorized, refunded ≤
 * captured, and a captured payment captured exactly the order's total.
 *
 * pending: created with the order, nothing received yet;
 * authorized: the provider holds the money (card), not yet taken;
 * captured: the money is ours; partially_refunded / refunded: some or all of
 *   it went back;
 * failed: the attempt failed (the shopper may try again: back to pending);
 * voided: an authorization released without capture;
 * expired: the payment window (the Checkout Session) closed unpaid; a success
 *   the provider reports later still captures it.
 */
import { canMove, pairsOf, type StateMap } from './state-map.ts';

export const PAYMENT_STATUSES = [
  'pending',
  'authorized',
  'captured',
  'partially_refunded',
  'refunded',
  'failed',
  'voided',
  'expired',
] as const;

export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const PAYMENT_TRANSITIONS = {
  pending: ['authorized', 'captured', 'failed', 'expired', 'voided'],
  authorized: ['captured', 'voided'],
  captured: ['partially_refunded', 'refunded'],
  partially_refunded: ['refunded'],
  refunded: [],
  failed: ['pending', 'captured'],
  voided: [],
  expired: ['captured'],
} as const satisfies StateMap<PaymentStatus>;

/** Statuses in which the payment holds captured money (some of it maybe refunded). */
export const PAID_STATUSES = ['captured', 'partially_refunded', 'refunded'] as const satisfies readonly PaymentStatus[];

export const PAYMENT_PROVIDERS = ['manual', 'stripe'] as const;
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];

/** How the shopper pays: bank transfer and cash on delivery through the manual provider, card through Stripe. */
export const PAYMENT_METHODS = ['bank_transfer', 'cash_on_delivery', 'card'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export function paymentTransitionPairs(): Array<readonly [PaymentStatus, PaymentStatus]> {
  return pairsOf<PaymentStatus>(PAYMENT_STATUSES, PAYMENT_TRANSITIONS);
}

export function canMovePayment(from: PaymentStatus, to: PaymentStatus): boolean {
  return canMove<PaymentStatus>(PAYMENT_TRANSITIONS, from, to);
}
