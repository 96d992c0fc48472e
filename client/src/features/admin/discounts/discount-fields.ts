/**
 * A discount code's form as typed, turned into the API's fields (amounts in
 * cents, a percent in whole percent, times from the browser's local time to
 * UTC ISO strings, empty limits as none, null) and checked with the API's
 * own schema (src/shared/admin-fields.ts).
 */
import { z } from 'zod';
import {
  checkDiscount as checkFields,
  DISCOUNT_VALUE,
  discountFields,
} from '../../../../../src/shared/admin-fields.ts';
import { amountText, parseAmount } from '../../../money.ts';
import type { Outputs } from '../../../types.ts';
import { validate } from '../../../ui.tsx';

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

/** The form's values as the API's fields, checked with its own schema (the code only for a new one). */
export function checkDiscount(values: Record<string, string>, kind: DiscountKind, withCode: boolean) {
  const fields = {
    kind,
    value: kind === 'percent' ? Number(values.value) : parseAmount(values.value ?? ''),
    minSubtotalCents: values.minSubtotal?.trim() ? parseAmount(values.minSubtotal) : 0,
    startsAt: timeOrNull(values.startsAt),
    endsAt: timeOrNull(values.endsAt),
    usageLimit: wholeOrNull(values.usageLimit),
    perCustomerLimit: wholeOrNull(values.perCustomerLimit),
    isActive: values.isActive === 'on',
  };
  // The value by its kind's own schema, so a value that is no number is named by its kind too.
  const schema = discountFields
    .extend({ value: DISCOUNT_VALUE[kind], code: withCode ? discountFields.shape.code : z.string() })
    .superRefine(checkFields);
  const checked = validate(schema, { ...fields, code: values.code ?? '' });
  return { errors: checked.ok ? {} : checked.errors, code: checked.ok ? checked.data.code : '', fields };
}
