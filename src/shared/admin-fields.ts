/**
 * Plain zod schemas for the admin's forms that the API shares: a new variant,
 * a discount code, a tax rate. The server's input schemas (catalog,
 * discounts, taxes) build on these, so a form refuses exactly what the API
 * would, with the same words.
 */
import { z } from 'zod';
import { centsSchema, countrySchema, discountCodeSchema, idSchema, optionTextSchema, skuSchema } from './fields.ts';
import {
  MAX_CODE_USES,
  MAX_INITIAL_STOCK,
  MAX_PERCENT_OFF,
  MAX_PRICE_CENTS,
  MAX_TAX_RATE_BPS,
  TAX_RATE_NAME_MAX_LENGTH,
} from './limits.ts';

/** An amount without its currency, as the admin's forms show one: 100000000 → "1,000,000.00". */
const amountText = (cents: number) =>
  (cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A variant's price in cents. */
export const priceCentsSchema = z
  .number({ error: 'Enter a price, e.g. 19.99' })
  .int()
  .min(0, 'Price cannot be negative')
  .max(MAX_PRICE_CENTS, `At most ${amountText(MAX_PRICE_CENTS)}`);

/** The stock a new variant starts with. */
export const initialStockSchema = z
  .number({ error: 'Enter a whole number' })
  .int('Enter a whole number')
  .min(0, 'Stock cannot be negative')
  .max(MAX_INITIAL_STOCK);

/** A new variant: one value per option of its product, a SKU (made from its id when left out), its price and stock. */
export const newVariantFields = z.object({
  options: z.record(optionTextSchema, optionTextSchema),
  sku: skuSchema.optional(),
  priceCents: priceCentsSchema,
  stock: initialStockSchema,
});

export const DISCOUNT_KINDS = ['percent', 'fixed'] as const;
export type DiscountKind = (typeof DISCOUNT_KINDS)[number];

const PERCENT_OFF = `Enter a whole percent from 1 to ${MAX_PERCENT_OFF}`;
const AMOUNT_OFF = 'Enter an amount, e.g. 5.00';
/** A discount's value by its kind: a whole percent off, or cents off the goods. */
export const DISCOUNT_VALUE = {
  percent: z.number({ error: PERCENT_OFF }).int(PERCENT_OFF).min(1, PERCENT_OFF).max(MAX_PERCENT_OFF, PERCENT_OFF),
  fixed: z
    .number({ error: AMOUNT_OFF })
    .int(AMOUNT_OFF)
    .min(1, AMOUNT_OFF)
    .max(MAX_PRICE_CENTS, `At most ${amountText(MAX_PRICE_CENTS)}`),
} satisfies Record<DiscountKind, z.ZodType<number>>;

const USES = 'A whole number from 1, or empty for no limit';
/** A usage limit, in all or per customer; null is none. */
const usesLimit = z
  .number({ error: USES })
  .int(USES)
  .min(1, USES)
  .max(MAX_CODE_USES, `At most ${MAX_CODE_USES.toLocaleString('en-US')}, or empty for no limit`)
  .nullish();
const isoTime = z.iso.datetime({ offset: false, message: 'Use an ISO-8601 UTC time, e.g. 2026-12-24T00:00:00.000Z' });

/** A discount code's fields; `value` is checked against its kind by checkDiscount. */
export const discountFields = z.object({
  code: discountCodeSchema,
  kind: z.enum(DISCOUNT_KINDS),
  value: z.number({ error: 'Enter the value: a whole percent, or an amount' }),
  minSubtotalCents: z
    .number({ error: 'Enter an amount, or leave it empty for none' })
    .pipe(centsSchema.max(MAX_PRICE_CENTS))
    .default(0),
  startsAt: isoTime.nullish(),
  endsAt: isoTime.nullish(),
  usageLimit: usesLimit,
  perCustomerLimit: usesLimit,
  isActive: z.boolean().default(true),
});

/** What holds across a code's fields: its value fits its kind, and it ends after it starts. */
export function checkDiscount(
  code: { kind?: DiscountKind; value?: unknown; startsAt?: string | null; endsAt?: string | null },
  ctx: z.RefinementCtx,
) {
  if (code.kind !== undefined && code.value !== undefined) {
    const value = DISCOUNT_VALUE[code.kind].safeParse(code.value);
    if (!value.success) ctx.addIssue({ code: 'custom', path: ['value'], message: value.error.issues[0]?.message });
  }
  if (code.startsAt && code.endsAt && code.startsAt >= code.endsAt) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'The end must come after the start' });
  }
}

/** A new code. */
export const discountInput = discountFields.superRefine(checkDiscount);

const RATE = `Enter a percentage from 0 to ${MAX_TAX_RATE_BPS / 100}, e.g. 19 or 7.5`;
/**
 * A rate for a destination country, optionally only for one product category;
 * in basis points (1900 = 19%). Only a country's default rate (no category)
 * may apply to shipping.
 */
export const taxRateInput = z
  .object({
    country: countrySchema,
    categoryId: idSchema.nullish(),
    name: z.string().trim().min(1, 'Name the rate, e.g. VAT').max(TAX_RATE_NAME_MAX_LENGTH),
    rateBps: z.number({ error: RATE }).int('Basis points are whole numbers').min(0, RATE).max(MAX_TAX_RATE_BPS, RATE),
    appliesToShipping: z.boolean().default(false),
  })
  .refine((rate) => !(rate.categoryId && rate.appliesToShipping), {
    path: ['appliesToShipping'],
    message: "Only a country's default rate (no category) applies to shipping",
  });
