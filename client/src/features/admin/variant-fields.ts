/**
 * The admin's variant forms: prices typed in the store's currency, and the fields of a new
 * variant checked against the limits the API enforces (src/shared/limits.ts)
 * before sending. The API's own schema also checks the characters an option
 * value may use; its message comes back beside the field.
 */
import { z } from 'zod';
import { MAX_INITIAL_STOCK, MAX_PRICE_CENTS, OPTION_TEXT_MAX_LENGTH, SKU } from '../../../../src/shared/limits.ts';
import { formatAmount } from '../../money.ts';

/** A price in cents, as parseAmount (money.ts) reads what the admin typed. */
export const priceCentsField = z
  .number({ error: 'Enter a price, e.g. 19.99' })
  .int()
  .min(0, 'Price cannot be negative')
  .max(MAX_PRICE_CENTS, `At most ${formatAmount(MAX_PRICE_CENTS)}`);

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
