import { z } from 'zod';
import { idSchema as id, lineQuantitySchema } from '../../shared/fields.ts';
import { CARRIER_MAX_LENGTH, MAX_ORDER_LINES, TRACKING_NUMBER_MAX_LENGTH } from '../../shared/limits.ts';

/** Units of one order line, named by its variant (unique within an order). */
export const lineUnitsSchema = z.object({ variantId: id, quantity: lineQuantitySchema });

/** Lines named once each: a repeated variant would be two rows for one line. */
export const distinctLines = <T extends { variantId: number }>(items: T[]) =>
  new Set(items.map((item) => item.variantId)).size === items.length;

export const createShipmentInput = z.object({
  orderId: id,
  carrier: z.string().trim().min(1).max(CARRIER_MAX_LENGTH),
  trackingNumber: z.string().trim().min(1).max(TRACKING_NUMBER_MAX_LENGTH),
  items: z.array(lineUnitsSchema).min(1).max(MAX_ORDER_LINES).refine(distinctLines, 'Name each line (variant) once'),
});
export type CreateShipmentInput = z.infer<typeof createShipmentInput>;

export const shipmentIdInput = z.object({ shipmentId: id });

export const cancelRemainderInput = z.object({ orderId: id });
