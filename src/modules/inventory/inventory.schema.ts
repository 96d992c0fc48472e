/**
 * Inventory inputs: the restock and adjust forms' fields (src/shared/fields.ts)
 * plus the product, whose id shape comes from the inventory_movements table.
 */
import { createInsertSchema } from 'drizzle-zod';
import { z } from 'zod';
import { inventoryMovements } from '../../db/schema.ts';
import { adjustFields, idSchema, pageLimitSchema, restockFields } from '../../shared/fields.ts';
import { DEFAULT_PAGE_SIZE } from '../../shared/limits.ts';

const product = createInsertSchema(inventoryMovements, { productId: (schema) => schema.int().positive() }).pick({
  productId: true,
});

export const restockInput = restockFields.extend(product.shape);

export const adjustInput = adjustFields.extend(product.shape);

export const movementsInput = z
  .object({
    productId: idSchema.optional(),
    cursor: idSchema.nullish(),
    limit: pageLimitSchema,
  })
  .default({ limit: DEFAULT_PAGE_SIZE });

export type RestockInput = z.infer<typeof restockInput>;
export type AdjustInput = z.infer<typeof adjustInput>;
export type MovementsInput = z.infer<typeof movementsInput>;
