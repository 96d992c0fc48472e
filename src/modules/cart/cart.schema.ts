/** Cart inputs, shaped from the cart_items table through drizzle-zod. */
import { createInsertSchema } from 'drizzle-zod';
import type { z } from 'zod';
import { cartItems } from '../../db/schema.ts';
import { MAX_LINE_QUANTITY } from '../../shared/limits.ts';

const cartItemFields = createInsertSchema(cartItems, {
  variantId: (schema) => schema.int().positive(),
  quantity: (schema) =>
    schema.int('Quantity must be a whole number').max(MAX_LINE_QUANTITY, `At most ${MAX_LINE_QUANTITY} per line`),
});

export const addInput = cartItemFields.pick({ variantId: true, quantity: true }).extend({
  quantity: cartItemFields.shape.quantity.min(1, 'Quantity must be at least 1'),
});

/** 0 removes the line. */
export const setQuantityInput = cartItemFields.pick({ variantId: true, quantity: true }).extend({
  quantity: cartItemFields.shape.quantity.min(0, 'Quantity cannot be negative'),
});

export const removeInput = cartItemFields.pick({ variantId: true });

export type AddInput = z.infer<typeof addInput>;
export type SetQuantityInput = z.infer<typeof setQuantityInput>;
export type RemoveInput = z.infer<typeof removeInput>;
