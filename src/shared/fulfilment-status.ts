/**
 * Delivery, apart from the order's own status: an admin marks a confirmed
 * order shipped, then delivered (shipments with tracking and partial states
 * come with the shipments feature). A delivered order whose payment is
 * captured completes in the same batch.
 */
import { canMove, pairsOf, type StateMap } from './state-map.ts';

export const FULFILMENT_STATUSES = ['unfulfilled', 'shipped', 'delivered'] as const;

export type FulfilmentStatus = (typeof FULFILMENT_STATUSES)[number];

export const FULFILMENT_TRANSITIONS = {
  unfulfilled: ['shipped'],
  shipped: ['delivered'],
  delivered: [],
} as const satisfies StateMap<FulfilmentStatus>;

export function fulfilmentTransitionPairs(): Array<readonly [FulfilmentStatus, FulfilmentStatus]> {
  return pairsOf<FulfilmentStatus>(FULFILMENT_STATUSES, FULFILMENT_TRANSITIONS);
}

export function canMoveFulfilment(from: FulfilmentStatus, to: FulfilmentStatus): boolean {
  return canMove<FulfilmentStatus>(FULFILMENT_TRANSITIONS, from, to);
}
