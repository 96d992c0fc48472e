/** Inventory inputs, shaped from the inventory_movements table through drizzle-zod. */
import { createInsertSchema, createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, pageLimitSchema } from '../../db/pagination.ts';
import { inventoryMovements } from '../../db/schema.ts';

export const MAX_STOCK_CHANGE = 1_000_000;

const movementFields = createInsertSchema(inventoryMovements, {
  productId: (schema) => schema.int().positive(),
  quantityChange: (schema) =>
    schema
      .int('Must be a whole number')
      .min(-MAX_STOCK_CHANGE)
      .max(MAX_STOCK_CHANGE)
      .refine((value) => value !== 0, 'Must not be zero'),
});

const noteText = createSelectSchema(inventoryMovements).shape.note.unwrap().trim();

export const restockInput = movementFields.pick({ productId: true }).extend({
  quantity: z.number().int('Quantity must be a whole number').min(1).max(MAX_STOCK_CHANGE),
  note: noteText.max(500).optional(),
});

export const adjustInput = movementFields.pick({ productId: true }).extend({
  delta: movementFields.shape.quantityChange,
  /** Why the count changed (damaged, recount...): stored as the movement's note. */
  reason: noteText.min(1, 'Say why the stock changes').max(200),
});

export const movementsInput = z
  .object({
    productId: z.number().int().positive().optional(),
    cursor: z.number().int().positive().nullish(),
    limit: pageLimitSchema,
  })
  .default({ limit: DEFAULT_PAGE_SIZE });

export type RestockInput = z.infer<typeof restockInput>;
export type AdjustInput = z.infer<typeof adjustInput>;
export type MovementsInput = z.infer<typeof movementsInput>;
