import { z } from 'zod';
import {
  addressFields,
  centsSchema,
  countrySchema,
  discountCodeSchema,
  emailSchema,
  idSchema as id,
  idempotencyKeySchema,
  lineQuantitySchema,
  pageLimitSchema,
} from '../../shared/fields.ts';
import { DEFAULT_PAGE_SIZE, MAX_LINE_QUANTITY, MAX_ORDER_LINES, NOTE_MAX_LENGTH } from '../../shared/limits.ts';
import { ADMIN_STATUS_MOVES, ORDER_STATUSES } from '../../shared/order-status.ts';
import { PAYMENT_METHODS } from '../../shared/payment-status.ts';

export const orderStatusSchema = z.enum(ORDER_STATUSES);

export const orderLineSchema = z.object({ variantId: id, quantity: lineQuantitySchema });

/** Where an order goes: a saved address of the customer's, or one typed in; absent means the customer's default. */
export const shipToInput = z.union([
  z.object({ addressId: id }).strict(),
  z.object({ address: addressFields }).strict(),
]);

/** How the shopper wants the order priced: a shipping method and, optionally, a discount code. */
const pricingChoices = {
  shippingMethodId: id,
  discountCode: discountCodeSchema.optional(),
};

/** How the shopper pays: bank transfer (the default) or cash on delivery by the manual provider, card by Stripe. */
const paymentMethodSchema = z.enum(PAYMENT_METHODS).default('bank_transfer');

export const placeOrderInput = z.object({
  idempotencyKey: idempotencyKeySchema,
  /** A guest's email (required for guests; a customer's order uses their account's). */
  email: emailSchema.optional(),
  shipTo: shipToInput.optional(),
  ...pricingChoices,
  paymentMethod: paymentMethodSchema,
  /** The total the shopper saw (from checkout.quote) and agrees to pay; any other total is PRICE_CHANGED. */
  expectedTotalCents: centsSchema,
});

/** A price before placing: where to (a saved address, a country, or the customer's default), how, with which code. */
export const quoteInput = z.object({
  destination: z
    .union([z.object({ addressId: id }).strict(), z.object({ country: countrySchema }).strict()])
    .optional(),
  ...pricingChoices,
  /** A guest's email, so the quote counts their uses of a code with a per-customer limit. */
  email: emailSchema.optional(),
});

/** A guest's order link token. */
export const orderLinkInput = z.object({ token: z.string().min(1).max(100) });

export const createOrderInput = z
  .object({
    items: z.array(orderLineSchema).min(1, 'An order needs at least one line').max(MAX_ORDER_LINES),
    idempotencyKey: idempotencyKeySchema,
    shipTo: shipToInput.optional(),
    ...pricingChoices,
    paymentMethod: paymentMethodSchema,
    /** When given, the batch refuses any other total with PRICE_CHANGED. */
    expectedTotalCents: centsSchema.optional(),
  })
  .superRefine((input, ctx) => {
    // Repeated variant ids merge into one line, which must still fit the per-line limit.
    for (const line of mergeOrderLines(input.items)) {
      if (line.quantity > MAX_LINE_QUANTITY) {
        ctx.addIssue({
          code: 'custom',
          path: ['items'],
          message: `Variant ${line.variantId} is ordered ${line.quantity} times in all; one line holds at most ${MAX_LINE_QUANTITY}`,
        });
      }
    }
  });

export const orderIdInput = z.object({ id });

export const updateStatusInput = z.object({
  id,
  /** The order-level moves an admin makes by hand; completion follows from delivery and payment. */
  status: z.enum([...ADMIN_STATUS_MOVES, 'cancelled']),
  note: z.string().trim().max(NOTE_MAX_LENGTH).optional(),
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
export type PlaceOrderInput = z.infer<typeof placeOrderInput>;
export type ShipToInput = z.infer<typeof shipToInput>;
export type QuoteInput = z.infer<typeof quoteInput>;
export type UpdateStatusInput = z.infer<typeof updateStatusInput>;

/** Repeated variant ids are one line: their quantities add up. */
export function mergeOrderLines(lines: readonly OrderLine[]): OrderLine[] {
  const merged = new Map<number, number>();
  for (const { variantId, quantity } of lines) merged.set(variantId, (merged.get(variantId) ?? 0) + quantity);
  return [...merged].sort(([a], [b]) => a - b).map(([variantId, quantity]) => ({ variantId, quantity }));
}
