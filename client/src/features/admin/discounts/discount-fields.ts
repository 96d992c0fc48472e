/**
 * A discount code's form as typed, checked and turned into the API's
 * fields: amounts in cents, a percent in whole percent, times from the
 * browser's local time to UTC ISO strings, empty limits as none (null).
 * The code itself is checked with the API's own schema.
 */
import { discountCodeSchema } from '../../../../../src/shared/fields.ts';
import { amountText, parseAmount } from '../../../money.ts';
import type { Outputs } from '../../../types.ts';
import type { FieldErrors } from '../../../ui.tsx';

export type Discount = Outputs['discounts']['list'][number];
export type DiscountKind = Discount['kind'];

/** A stored time as a datetime-local input shows it, in the browser's time zone. */
export function localInputValue(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The value field's text for a stored code: "10" for 10%, "5.00" for 5.00 off. */
export const valueText = (discount: Pick<Discount, 'kind' | 'value'>) =>
  discount.kind === 'percent' ? String(discount.value) : amountText(discount.value);

/**
 * Every field discounts.update takes, as the code holds them now. Updates
 * always send all of them: the server's update schema fills an omitted
 * minimum with 0 and an omitted active flag with true (its create defaults),
 * so a partial update would clear the minimum or switch a code back on.
 */
export function editableFields(discount: Discount) {
  const { kind, value, minSubtotalCents, startsAt, endsAt, usageLimit, perCustomerLimit, isActive } = discount;
  return { kind, value, minSubtotalCents, startsAt, endsAt, usageLimit, perCustomerLimit, isActive };
}

function wholeOrNull(text: string | undefined): number | null {
  return text?.trim() ? Number(text) : null;
}

function timeOrNull(text: string | undefined): string | null {
  if (!text) return null;
  const time = new Date(text);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

export function checkDiscount(values: Record<string, string>, kind: DiscountKind, withCode: boolean) {
  const errors: FieldErrors = {};
  const code = discountCodeSchema.safeParse(values.code ?? '');
  if (withCode && !code.success) errors.code = code.error.issues[0]?.message ?? 'Enter a code';
  const value = kind === 'percent' ? Number(values.value) : parseAmount(values.value ?? '');
  if (kind === 'percent' && !(Number.isInteger(value) && value >= 1 && value <= 100)) {
    errors.value = 'Enter a whole percent from 1 to 100';
  }
  if (kind === 'fixed' && !(value >= 1)) errors.value = 'Enter an amount, e.g. 5.00';
  const minSubtotalCents = values.minSubtotal?.trim() ? parseAmount(values.minSubtotal) : 0;
  if (Number.isNaN(minSubtotalCents)) errors.minSubtotalCents = 'Enter an amount, or leave it empty for none';
  const usageLimit = wholeOrNull(values.usageLimit);
  const perCustomerLimit = wholeOrNull(values.perCustomerLimit);
  for (const [name, limit] of [
    ['usageLimit', usageLimit],
    ['perCustomerLimit', perCustomerLimit],
  ] as const) {
    if (limit !== null && !(Number.isInteger(limit) && limit >= 1))
      errors[name] = 'A whole number from 1, or empty for no limit';
  }
  const startsAt = timeOrNull(values.startsAt);
  const endsAt = timeOrNull(values.endsAt);
  if (startsAt && endsAt && startsAt >= endsAt) errors.endsAt = 'The end must come after the start';
  return {
    errors,
    code: code.success ? code.data : '',
    fields: {
      kind,
      value,
      minSubtotalCents,
      startsAt,
      endsAt,
      usageLimit,
      perCustomerLimit,
      isActive: values.isActive === 'on',
    },
  };
}
