/** How a shipment's status reads; a status added to src/shared/shipment-status.ts fails the typecheck here until it has words. */
import type { ShipmentStatus } from '../../../../src/shared/shipment-status.ts';

export const SHIPMENT_STATUS_LABELS: Record<ShipmentStatus, string> = {
  shipped: 'On its way',
  delivered: 'Delivered',
};
