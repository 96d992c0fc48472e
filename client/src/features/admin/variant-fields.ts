/**
 * The admin's variant forms: prices typed in dollars, and the fields of a new
 * variant checked against the limits the API enforces (src/shared/limits.ts)
 * before sending. The API's own schema also checks the characters an option
 * value may use; its message comes back beside the field.
 */
import { z } from 'zod';
import { MAX_INITIAL_STOCK, MAX_PRICE_CENTS, OPTION_TEXT_MAX_LENGTH, SKU } from '../../../../src/shared/limits.ts';
import { formatCents } from '../../../../src/shared/money.ts';

/** "19", "19.5", "$1,019.50" in cents; NaN for anything else (the schema then says what to type). */
export function dollarsToCents(text: string): number {
  const match = /^\$?(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim().replaceAll(',', ''));
  if (!match) return Number.NaN;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** A price as the price field shows it: "19.00". */
export const centsToDollars = (cents: number) => (cents / 100).toFixed(2);

export const priceCentsField = z
  .number({ error: 'Enter a price in dollars, e.g. 19.99' })
  .int()
  .min(0, 'Price cannot be negative')
  .max(MAX_PRICE_CENTS, `At most ${formatCents(MAX_PRICE_CENTS)}`);

export const newVariantFields = z.object({
  options: z.record(
    z.string(),
    z
      .string()
      .trim()
      .min(1, 'Enter a value')
      .max(OPTION_TEXT_MAX_LENGTH, `At most ${OPTION_TEXT_MAX_LENGTH} characters`),
  ),
  /** Left out, the API makes one from the variant's id. */
  sku: z
    .string()
    .trim()
    .max(SKU.maxLength, `At most ${SKU.maxLength} characters`)
    .regex(SKU.pattern, 'SKU may hold only letters, digits and . _ - (starting with a letter or digit)')
    .optional(),
  priceCents: priceCentsField,
  stock: z
    .number({ error: 'Enter a whole number' })
    .int('Enter a whole number')
    .min(0, 'Stock cannot be negative')
    .max(MAX_INITIAL_STOCK),
});
