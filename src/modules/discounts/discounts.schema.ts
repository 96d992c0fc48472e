import { z } from 'zod';
import { checkDiscount, discountFields, discountInput } from '../../shared/admin-fields.ts';
import { idSchema as id } from '../../shared/fields.ts';

export const createDiscountInput = discountInput;
/**
 * An edit of some fields: those left out stay as they are (no defaults here,
 * unlike a new code); kind and value change together (a value's meaning
 * depends on its kind).
 */
export const updateDiscountInput = z
  .object({
    id,
    kind: discountFields.shape.kind.optional(),
    value: discountFields.shape.value.optional(),
    minSubtotalCents: discountFields.shape.minSubtotalCents.removeDefault().optional(),
    startsAt: discountFields.shape.startsAt,
    endsAt: discountFields.shape.endsAt,
    usageLimit: discountFields.shape.usageLimit,
    perCustomerLimit: discountFields.shape.perCustomerLimit,
    isActive: discountFields.shape.isActive.removeDefault().optional(),
  })
  .superRefine((input, ctx) => {
    if ((input.kind === undefined) !== (input.value === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'Change kind and value together' });
    }
    checkDiscount(input, ctx);
  });

export type CreateDiscountInput = z.infer<typeof createDiscountInput>;
export type UpdateDiscountInput = z.infer<typeof updateDiscountInput>;
