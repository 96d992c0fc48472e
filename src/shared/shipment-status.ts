/**
 * One shipment's lifecycle: it is created shipped (with its carrier and
 * tracking number), then an admin marks it delivered. Its history table's
 * CHECK is generated from this map (src/db/schema.ts `shipment_history`).
 */
import { canMove, pairsOf, type StateMap } from './state-map.ts';

export const SHIPMENT_STATUSES = ['shipped', 'delivered'] as const;

export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export const SHIPMENT_TRANSITIONS = {
  shipped: ['delivered'],
  delivered: [],
} as const satisfies StateMap<ShipmentStatus>;

export function shipmentTransitionPairs(): Array<readonly [ShipmentStatus, ShipmentStatus]> {
  return pairsOf<ShipmentStatus>(SHIPMENT_STATUSES, SHIPMENT_TRANSITIONS);
}

export function canMoveShipment(from: ShipmentStatus, to: ShipmentStatus): boolean {
  return canMove<ShipmentStatus>(SHIPMENT_TRANSITIONS, from, to);
}
