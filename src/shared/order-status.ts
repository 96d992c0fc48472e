/**
 * The order lifecycle, at order level only: payment and delivery have their
 * own maps (payment-status.ts, fulfilment-status.ts). Server and client both
 * import this file, so the status list, the transition map and the database
 * CHECK that enforces it cannot drift apart.
 *
 * pending: placed, its stock held, waiting for payment (or for an admin to
 *   accept it unpaid, e.g. cash on delivery);
 * confirmed: paid or accepted: the shop will deliver it, its stock is sold;
 * completed: delivered and paid;
 * cancelled: by the customer (while pending) or an admin (before completion);
 *   a paid one gets its refund in the same batch;
 * expired: its hold ran out unpaid and its stock went back on sale; a payment
 *   arriving later still confirms it when the stock is there.
 */
import { canMove, pairsOf, type StateMap } from './state-map.ts';

export const ORDER_STATUSES = ['pending', 'confirmed', 'completed', 'cancelled', 'expired'] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Where an order may go next from each status; terminal statuses allow nothing. */
export const ORDER_TRANSITIONS = {
  pending: ['confirmed', 'cancelled', 'expired'],
  confirmed: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
  expired: ['confirmed'],
} as const satisfies StateMap<OrderStatus>;

/**
 * The move an admin makes by hand with orders.updateStatus (besides cancelling):
 * accepting an order unpaid (e.g. cash on delivery). Payment confirms the
 * others; delivery of a paid order completes it; holds expire by the clock.
 */
export const ADMIN_STATUS_MOVES = ['confirmed'] as const satisfies readonly OrderStatus[];

/** The statuses from which an order may still be cancelled by an admin. */
export const CANCELLABLE_STATUSES = ORDER_STATUSES.filter((status) =>
  (ORDER_TRANSITIONS[status] as readonly OrderStatus[]).includes('cancelled'),
);

/** The statuses from which the customer who owns an order may cancel it: before it is paid or accepted. */
export const CUSTOMER_CANCELLABLE_STATUSES = ['pending'] as const satisfies readonly OrderStatus[];

/** Statuses in which an order holds or has taken stock (expired and cancelled ones gave it back). */
export const STOCK_TAKING_STATUSES = ['pending', 'confirmed', 'completed'] as const satisfies readonly OrderStatus[];

export function nextStatuses(from: OrderStatus): readonly OrderStatus[] {
  return ORDER_TRANSITIONS[from];
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return canMove<OrderStatus>(ORDER_TRANSITIONS, from, to);
}

/** Every allowed (from, to) pair, for the CHECK constraint on order_status_history. */
export function transitionPairs(): Array<readonly [OrderStatus, OrderStatus]> {
  return pairsOf<OrderStatus>(ORDER_STATUSES, ORDER_TRANSITIONS);
}
