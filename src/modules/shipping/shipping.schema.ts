import { z } from 'zod';
import { centsSchema, countrySchema, idSchema as id } from '../../shared/fields.ts';
import { MAX_PRICE_CENTS, SHIPPING_NAME_MAX_LENGTH } from '../../shared/limits.ts';

const name = z.string().trim().min(1, 'Name is required').max(SHIPPING_NAME_MAX_LENGTH);
const countries = z
  .array(countrySchema)
  .min(1, 'A zone needs at least one country')
  .max(249)
  .refine((list) => new Set(list).size === list.length, 'Each country at most once');

export const zoneInput = z.object({ name, countries });
export const updateZoneInput = zoneInput.extend({ id });

const price = centsSchema.max(MAX_PRICE_CENTS);
export const methodInput = z.object({
  zoneId: id,
  name,
  priceCents: price,
  /** Free when the subtotal after discount reaches this; null or absent: never free. */
  freeAboveCents: price.nullish(),
  isActive: z.boolean().default(true),
});
/** An edit of some fields: those left out stay as they are (no defaults here, unlike a new method). */
export const updateMethodInput = z.object({
  id,
  name: name.optional(),
  priceCents: price.optional(),
  freeAboveCents: price.nullish(),
  isActive: z.boolean().optional(),
});

export const countryInput = z.object({ country: countrySchema });

export type ZoneInput = z.infer<typeof zoneInput>;
export type UpdateZoneInput = z.infer<typeof updateZoneInput>;
export type MethodInput = z.infer<typeof methodInput>;
export type UpdateMethodInput = z.infer<typeof updateMethodInput>;
