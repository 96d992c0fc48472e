/**
 * The order lifecycle. Server and client both import this file, so the
 * status list, the transition map and the database CHECK that enforces it
 * cannot drift apart.
 */
export const ORDER_STATUSES = ['pending', 'processing', 'shipped', 'delivered', 'cancelled'] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Where an order may go next from each status; terminal statuses allow nothing. */
export const ORDER_TRANSITIONS = {
  pending: ['processing', 'cancelled'],
  processing: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
} as const satisfies Record<OrderStatus, readonly OrderStatus[]>;

/** The statuses from which an order may still be cancelled by an admin. */
export const CANCELLABLE_STATUSES = ORDER_STATUSES.filter((status) =>
  (ORDER_TRANSITIONS[status] as readonly OrderStatus[]).includes('cancelled'),
);

/** The statuses from which the customer who owns an order may cancel it. */
export const CUSTOMER_CANCELLABLE_STATUSES = ['pending'] as const satisfies readonly OrderStatus[];

export function nextStatuses(from: OrderStatus): readonly OrderStatus[] {
  return ORDER_TRANSITIONS[from];
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return nextStatuses(from).includes(to);
}

/** Every allowed (from, to) pair, for the CHECK constraint on order_status_history. */
export function transitionPairs(): Array<readonly [OrderStatus, OrderStatus]> {
  return ORDER_STATUSES.flatMap((from) => nextStatuses(from).map((to) => [from, to] as const));
}
