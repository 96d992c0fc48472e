/**
 * Discount codes for admins. The rules that racing checkouts could break
 * live in the database (schema.ts): the usage CHECK on used_count, the
 * redemption guard per customer. Here: create, edit and list with usage.
 */
import { asc, eq } from 'drizzle-orm';
import { readAsAdmin } from '../../db/admin-check.ts';
import { type Actor, adminBatch } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import { isViolationOf } from '../../db/errors.ts';
import { discountCodes, NOW } from '../../db/schema.ts';
import { DomainError, notFound } from '../domain-error.ts';
import type { CreateDiscountInput, UpdateDiscountInput } from './discounts.schema.ts';

export async function listDiscounts(db: Db, admin: Actor) {
  const [codes] = await readAsAdmin(db, admin.userId, [db.select().from(discountCodes).orderBy(asc(discountCodes.id))]);
  return codes;
}

function refusal(error: unknown): never {
  if (isViolationOf(error, 'unique', 'discount_codes')) {
    throw new DomainError('DUPLICATE', 'A discount code with this name exists already (codes ignore case)');
  }
  if (isViolationOf(error, 'check', 'discount_codes_used_within_limit')) {
    throw new DomainError('INVALID_INPUT', 'The usage limit cannot be below the number of times the code was used');
  }
  if (isViolationOf(error, 'check', 'discount_codes_dates_valid')) {
    throw new DomainError('INVALID_INPUT', 'The end must come after the start');
  }
  if (isViolationOf(error, 'check', 'discount_codes_value_valid')) {
    throw new DomainError('INVALID_INPUT', 'A percent discount is 1 to 100; a fixed one at least 1 cent');
  }
  throw error;
}

export async function createDiscount(db: Db, actor: Actor, input: CreateDiscountInput) {
  try {
    const [[code]] = await adminBatch(db, actor, { action: 'discounts.create', target: `discount:${input.code}` }, [
      db.insert(discountCodes).values(input).returning(),
    ]);
    return code as NonNullable<typeof code>;
  } catch (error) {
    refusal(error);
  }
}

export async function updateDiscount(db: Db, actor: Actor, input: UpdateDiscountInput) {
  const { id, ...changes } = input;
  try {
    const [[code]] = await adminBatch(db, actor, { action: 'discounts.update', target: `discount:${id}` }, [
      db
        .update(discountCodes)
        .set({ ...changes, updatedAt: NOW })
        .where(eq(discountCodes.id, id))
        .returning(),
    ]);
    if (!code) throw notFound('discount code', id);
    return code;
  } catch (error) {
    refusal(error);
  }
}
