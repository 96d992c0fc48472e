/**
 * Inventory inputs: the restock and adjust forms' fields (src/shared/fields.ts)
 * plus the variant, whose id shape comes from the inventory_movements table.
 */
import { createInsertSchema } from 'drizzle-zod';
import { z } from 'zod';
import { inventoryMovements } from '../../db/schema.ts';
import { adjustFields, idSchema, pageLimitSchema, restockFields } from '../../shared/fields.ts';
import { DEFAULT_PAGE_SIZE } from '../../shared/limits.ts';

const variant = createInsertSchema(inventoryMovements, { variantId: (schema) => schema.int().positive() }).pick({
  variantId: true,
});

export const restockInput = restockFields.extend(variant.shape);

export const adjustInput = adjustFields.extend(variant.shape);

export const movementsInput = z
  .object({
    variantId: idSchema.optional(),
    cursor: idSchema.nullish(),
    limit: pageLimitSchema,
  })
  .default({ limit: DEFAULT_PAGE_SIZE });

export const stockLevelsInput = z.object({ productId: idSchema });

export type RestockInput = z.infer<typeof restockInput>;
export type AdjustInput = z.infer<typeof adjustInput>;
export type MovementsInput = z.infer<typeof movementsInput>;
