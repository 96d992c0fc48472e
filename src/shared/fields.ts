/**
 * Plain zod schemas for the fields a browser form shares with the API. The
 * server's input schemas (src/modules/<domain>/<domain>.schema.ts) build on
 * these, so a form refuses exactly what the API would, with the same words.
 */
import { z } from 'zod';
import { isCountryCode } from './countries.ts';
import {
  ADDRESS_FIELD_MAX_LENGTH,
  ADJUST_REASON_MAX_LENGTH,
  DEFAULT_PAGE_SIZE,
  DISCOUNT_CODE,
  EMAIL_MAX_LENGTH,
  IDEMPOTENCY_KEY,
  MAX_LINE_QUANTITY,
  MAX_PAGE_SIZE,
  MAX_STOCK_CHANGE,
  NOTE_MAX_LENGTH,
  OPTION_TEXT_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PERSON_NAME_MAX_LENGTH,
  PHONE_MAX_LENGTH,
  POSTAL_CODE_MAX_LENGTH,
  SKU,
} from './limits.ts';

export const idSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A list's `limit` input: 1 to MAX_PAGE_SIZE rows, DEFAULT_PAGE_SIZE when absent. */
export const pageLimitSchema = z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE);

export const idempotencyKeySchema = z
  .string()
  .min(IDEMPOTENCY_KEY.minLength, `Idempotency key must be at least ${IDEMPOTENCY_KEY.minLength} characters`)
  .max(IDEMPOTENCY_KEY.maxLength)
  .regex(IDEMPOTENCY_KEY.pattern, 'Idempotency key may hold only letters, digits and . _ : -');

/** A variant's SKU: what labels and warehouse systems accept. */
export const skuSchema = z
  .string()
  .trim()
  .min(1)
  .max(SKU.maxLength, `At most ${SKU.maxLength} characters`)
  .regex(SKU.pattern, 'SKU may hold only letters, digits and . _ - (starting with a letter or digit)');

/** An option name or value as shoppers read it: "Size", "M", "Navy blue". */
export const optionTextSchema = z
  .string()
  .trim()
  .min(1, 'Enter a value')
  .max(OPTION_TEXT_MAX_LENGTH, `At most ${OPTION_TEXT_MAX_LENGTH} characters`)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ./+&-]*$/u, 'Use letters, digits, spaces and . / + & -');

/** Units on one cart or order line. */
export const lineQuantitySchema = z.number().int().min(1).max(MAX_LINE_QUANTITY);

export const emailSchema = z.email().max(EMAIL_MAX_LENGTH).trim().toLowerCase();

export const signUpInput = z.object({
  email: emailSchema,
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(PASSWORD_MAX_LENGTH),
  name: z.string().trim().min(1, 'Name is required').max(PERSON_NAME_MAX_LENGTH),
});

export const signInInput = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Password is required').max(PASSWORD_MAX_LENGTH),
});

/** What a restock form asks for (the product comes from the page). */
export const restockFields = z.object({
  quantity: z
    .number({ error: 'Enter a whole number' })
    .int('Quantity must be a whole number')
    .min(1)
    .max(MAX_STOCK_CHANGE),
  note: z.string().trim().max(NOTE_MAX_LENGTH).optional(),
});

/** What an adjustment form asks for: the signed change and why. */
export const adjustFields = z.object({
  delta: z
    .number({ error: 'Enter a whole number' })
    .int('Must be a whole number')
    .min(-MAX_STOCK_CHANGE)
    .max(MAX_STOCK_CHANGE)
    .refine((value) => value !== 0, 'Must not be zero'),
  reason: z.string().trim().min(1, 'Say why the stock changes').max(ADJUST_REASON_MAX_LENGTH),
});

const addressLine = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required`)
    .max(ADDRESS_FIELD_MAX_LENGTH, `${label} must be at most ${ADDRESS_FIELD_MAX_LENGTH} characters`);
const optionalLine = (label: string) =>
  z
    .string()
    .trim()
    .max(ADDRESS_FIELD_MAX_LENGTH, `${label} must be at most ${ADDRESS_FIELD_MAX_LENGTH} characters`)
    .default('');

/** A postal address as a shopper types it; the country is an ISO 3166-1 alpha-2 code. */
export const addressFields = z.object({
  name: addressLine('Name'),
  line1: addressLine('Address line 1'),
  line2: optionalLine('Address line 2'),
  city: addressLine('City'),
  region: optionalLine('Region'),
  postalCode: z
    .string()
    .trim()
    .min(1, 'Postal code is required')
    .max(POSTAL_CODE_MAX_LENGTH, `Postal code must be at most ${POSTAL_CODE_MAX_LENGTH} characters`)
    .regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, 'Postal code may hold only letters, digits, spaces and -'),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isCountryCode, 'Country must be an ISO 3166-1 alpha-2 code, e.g. DE or US'),
  phone: z
    .string()
    .trim()
    .max(PHONE_MAX_LENGTH)
    .regex(/^[0-9 +().-]*$/, 'Phone may hold only digits, spaces and + ( ) . -')
    .default(''),
});

export type AddressFields = z.infer<typeof addressFields>;

/** A discount code as a shopper types it; matched case-insensitively. */
export const discountCodeSchema = z
  .string()
  .trim()
  .min(1, 'Enter a code')
  .max(DISCOUNT_CODE.maxLength)
  .regex(DISCOUNT_CODE.pattern, 'A code holds only letters, digits, _ and -');

/** An ISO 3166-1 alpha-2 country code; lowercase is read as the code it names. */
export const countrySchema = addressFields.shape.country;

/** An amount in cents, as a shopper or an admin states one. */
export const centsSchema = z.number().int('Amounts are whole cents').min(0).max(Number.MAX_SAFE_INTEGER);
