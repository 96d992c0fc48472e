/**
 * Delivery, apart from the order's own status. An order's fulfilment status
 * is never set by hand: it follows from its lines' counters (shipped,
 * delivered, cancelled quantities), which shipments and a cancelled
 * remainder move, by ONE SQL definition (src/modules/shipments/fulfilment-sql.ts)
 * evaluated in the batch that moves them:
 *
 * - delivered: every unit not cancelled is delivered;
 * - partially_delivered: some units are delivered;
 * - shipped: every unit not cancelled has shipped, none delivered yet;
 * - partially_shipped: some units have shipped;
 * - unfulfilled: nothing has shipped.
 *
 * A delivered order whose payment is captured completes in the same batch.
 */
import { canMove, pairsOf, type StateMap } from './state-map.ts';

export const FULFILMENT_STATUSES = [
  'unfulfilled',
  'partially_shipped',
  'shipped',
  'partially_delivered',
  'delivered',
] as const;

export type FulfilmentStatus = (typeof FULFILMENT_STATUSES)[number];

/**
 * The moves the derivation can make in one batch: a shipment (more shipped),
 * a delivery (more delivered), or the unshipped remainder cancelled (fewer
 * units left to ship, so a partial state may become whole).
 */
export const FULFILMENT_TRANSITIONS = {
  unfulfilled: ['partially_shipped', 'shipped'],
  partially_shipped: ['shipped', 'partially_delivered'],
  shipped: ['partially_delivered', 'delivered'],
  partially_delivered: ['delivered'],
  delivered: [],
} as const satisfies StateMap<FulfilmentStatus>;

export function fulfilmentTransitionPairs(): Array<readonly [FulfilmentStatus, FulfilmentStatus]> {
  return pairsOf<FulfilmentStatus>(FULFILMENT_STATUSES, FULFILMENT_TRANSITIONS);
}

export function canMoveFulfilment(from: FulfilmentStatus, to: FulfilmentStatus): boolean {
  return canMove<FulfilmentStatus>(FULFILMENT_TRANSITIONS, from, to);
}
