import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, pageLimitSchema } from '../../db/pagination.ts';
import { ORDER_STATUSES } from '../../shared/order-status.ts';

export const MAX_ORDER_LINES = 100;
export const MAX_LINE_QUANTITY = 999;

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** One key per checkout attempt, chosen by the client (a UUID fits). */
export const idempotencyKeySchema = z
  .string()
  .min(8, 'Idempotency key must be at least 8 characters')
  .max(100)
  .regex(/^[\w.:-]+$/, 'Idempotency key may hold only letters, digits and . _ : -');

export const orderStatusSchema = z.enum(ORDER_STATUSES);

export const orderLineSchema = z.object({
  productId: id,
  quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
});

export const placeOrderInput = z.object({ idempotencyKey: idempotencyKeySchema });

export const createOrderInput = z
  .object({
    items: z.array(orderLineSchema).min(1, 'An order needs at least one line').max(MAX_ORDER_LINES),
    idempotencyKey: idempotencyKeySchema,
  })
  .superRefine((input, ctx) => {
    // Repeated product ids merge into one line, which must still fit the per-line limit.
    for (const line of mergeOrderLines(input.items)) {
      if (line.quantity > MAX_LINE_QUANTITY) {
        ctx.addIssue({
          code: 'custom',
          path: ['items'],
          message: `Product ${line.productId} is ordered ${line.quantity} times in all; one line holds at most ${MAX_LINE_QUANTITY}`,
        });
      }
    }
  });

export const orderIdInput = z.object({ id });

export const updateStatusInput = z.object({
  id,
  status: orderStatusSchema,
  note: z.string().trim().max(500).optional(),
  /** Compare-and-set: refuse the change unless the order is still in this status. */
  expectedStatus: orderStatusSchema.optional(),
});

const page = {
  /** The last id of the previous page; null or absent for the first page. */
  cursor: id.nullish(),
  limit: pageLimitSchema,
};

export const mineInput = z.object(page).default({ limit: DEFAULT_PAGE_SIZE });
export const listInput = z
  .object({ status: orderStatusSchema.optional(), ...page })
  .default({ limit: DEFAULT_PAGE_SIZE });

export type OrderLine = z.infer<typeof orderLineSchema>;
export type CreateOrderInput = z.infer<typeof createOrderInput>;
export type UpdateStatusInput = z.infer<typeof updateStatusInput>;

/** Repeated product ids are one line: their quantities add up. */
export function mergeOrderLines(lines: readonly OrderLine[]): OrderLine[] {
  const merged = new Map<number, number>();
  for (const { productId, quantity } of lines) merged.set(productId, (merged.get(productId) ?? 0) + quantity);
  return [...merged].sort(([a], [b]) => a - b).map(([productId, quantity]) => ({ productId, quantity }));
}
