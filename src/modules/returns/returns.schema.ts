import { z } from 'zod';
import { idSchema as id } from '../../shared/fields.ts';
import { MAX_ORDER_LINES, NOTE_MAX_LENGTH } from '../../shared/limits.ts';
import { MAX_RETURN_REASON_LENGTH } from '../../shared/return-status.ts';
import { distinctLines, lineUnitsSchema } from '../shipments/shipments.schema.ts';

export const requestReturnInput = z.object({
  orderId: id,
  reason: z.string().trim().min(1).max(MAX_RETURN_REASON_LENGTH),
  items: z.array(lineUnitsSchema).min(1).max(MAX_ORDER_LINES).refine(distinctLines, 'Name each line (variant) once'),
});
export type RequestReturnInput = z.infer<typeof requestReturnInput>;

export const decideReturnInput = z.object({
  returnId: id,
  note: z.string().trim().max(NOTE_MAX_LENGTH).optional(),
});
export type DecideReturnInput = z.infer<typeof decideReturnInput>;

/** On receipt, per line: back on sale, or not (damaged). Lines not named are not restocked. */
export const receiveReturnInput = z.object({
  returnId: id,
  items: z
    .array(z.object({ variantId: id, restock: z.boolean() }))
    .max(MAX_ORDER_LINES)
    .refine(distinctLines, 'Name each line (variant) once')
    .default([]),
});
export type ReceiveReturnInput = z.infer<typeof receiveReturnInput>;
