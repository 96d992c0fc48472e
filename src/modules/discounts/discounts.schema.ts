import { z } from 'zod';
import { centsSchema, discountCodeSchema, idSchema as id } from '../../shared/fields.ts';
import { MAX_PRICE_CENTS } from '../../shared/limits.ts';

const isoTime = z.iso.datetime({ offset: false, message: 'Use an ISO-8601 UTC time, e.g. 2026-12-24T00:00:00.000Z' });
const optionalLimit = z.number().int().min(1).max(1_000_000).nullish();

const fields = z.object({
  code: discountCodeSchema,
  kind: z.enum(['percent', 'fixed']),
  /** Percent: a whole percent, 1 to 100; fixed: cents off the goods. */
  value: z.number().int().min(1).max(MAX_PRICE_CENTS),
  minSubtotalCents: centsSchema.max(MAX_PRICE_CENTS).default(0),
  startsAt: isoTime.nullish(),
  endsAt: isoTime.nullish(),
  usageLimit: optionalLimit,
  perCustomerLimit: optionalLimit,
  isActive: z.boolean().default(true),
});

function checkWhole(
  code: { kind?: string; value?: number; startsAt?: string | null; endsAt?: string | null },
  ctx: z.RefinementCtx,
) {
  if (code.kind === 'percent' && code.value !== undefined && code.value > 100) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'A percent discount is at most 100' });
  }
  if (code.startsAt && code.endsAt && code.startsAt >= code.endsAt) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'The end must come after the start' });
  }
}

export const createDiscountInput = fields.superRefine(checkWhole);
/**
 * An edit of some fields: those left out stay as they are (no defaults here,
 * unlike a new code); kind and value change together (a value's meaning
 * depends on its kind).
 */
export const updateDiscountInput = z
  .object({
    id,
    kind: fields.shape.kind.optional(),
    value: fields.shape.value.optional(),
    minSubtotalCents: centsSchema.max(MAX_PRICE_CENTS).optional(),
    startsAt: isoTime.nullish(),
    endsAt: isoTime.nullish(),
    usageLimit: optionalLimit,
    perCustomerLimit: optionalLimit,
    isActive: z.boolean().optional(),
  })
  .superRefine((input, ctx) => {
    if ((input.kind === undefined) !== (input.value === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'Change kind and value together' });
    }
    checkWhole(input, ctx);
  });

export type CreateDiscountInput = z.infer<typeof createDiscountInput>;
export type UpdateDiscountInput = z.infer<typeof updateDiscountInput>;
