import { z } from 'zod';
import { countrySchema, idSchema as id } from '../../shared/fields.ts';

/**
 * A rate for a destination country, optionally only for one product category;
 * in basis points (1900 = 19%). Only a country's default rate (no category)
 * may apply to shipping.
 */
export const setRateInput = z
  .object({
    country: countrySchema,
    categoryId: id.nullish(),
    name: z.string().trim().min(1, 'Name the rate, e.g. VAT').max(40),
    rateBps: z.number().int('Basis points are whole numbers').min(0).max(10_000),
    appliesToShipping: z.boolean().default(false),
  })
  .refine((rate) => !(rate.categoryId && rate.appliesToShipping), {
    path: ['appliesToShipping'],
    message: "Only a country's default rate (no category) applies to shipping",
  });

export const rateIdInput = z.object({ id });

export type SetRateInput = z.infer<typeof setRateInput>;
