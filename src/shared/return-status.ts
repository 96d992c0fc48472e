/**
 * A return's lifecycle: the customer requests it (lines, quantities, a
 * reason); an admin approves or rejects it; an approved return is received,
 * line by line restocked or not, and refunded on receipt. A rejected return
 * gives its quantities back to the lines, so they may be asked for again.
 * Its history table's CHECK is generated from this map (`return_history`).
 */
import { canMove, pairsOf, type StateMap } from './state-map.ts';

export const RETURN_STATUSES = ['requested', 'approved', 'rejected', 'received'] as const;

export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export const RETURN_TRANSITIONS = {
  requested: ['approved', 'rejected'],
  approved: ['received'],
  rejected: [],
  received: [],
} as const satisfies StateMap<ReturnStatus>;

/** Statuses in which a return holds its units against the lines' delivered quantities. */
export const RETURN_HOLDING_STATUSES = ['requested', 'approved', 'received'] as const satisfies readonly ReturnStatus[];

/** The reason a customer gives is free text, up to this many characters. */
export const MAX_RETURN_REASON_LENGTH = 500;

export function returnTransitionPairs(): Array<readonly [ReturnStatus, ReturnStatus]> {
  return pairsOf<ReturnStatus>(RETURN_STATUSES, RETURN_TRANSITIONS);
}

export function canMoveReturn(from: ReturnStatus, to: ReturnStatus): boolean {
  return canMove<ReturnStatus>(RETURN_TRANSITIONS, from, to);
}
