/**
 * Tax rates per destination country (and optionally per category). Setting
 * a rate replaces the one for the same country and category in the same
 * batch, so an edit can never leave two rates or none in between.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { readAsAdmin } from '../../db/admin-check.ts';
import { type Actor, adminBatch } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import { categories, taxRates } from '../../db/schema.ts';
import { notFound } from '../domain-error.ts';
import type { SetRateInput } from './taxes.schema.ts';

const rateColumns = {
  id: taxRates.id,
  country: taxRates.country,
  categoryId: taxRates.categoryId,
  name: taxRates.name,
  rateBps: taxRates.rateBps,
  appliesToShipping: taxRates.appliesToShipping,
};

export async function listRates(db: Db, admin: Actor) {
  const [rates] = await readAsAdmin(db, admin.userId, [
    db.select(rateColumns).from(taxRates).orderBy(asc(taxRates.country), asc(taxRates.categoryId)),
  ]);
  return rates;
}

/** Replaces the country's rate for the category (or its default rate), in one audited batch. */
export async function setRate(db: Db, actor: Actor, input: SetRateInput) {
  const categoryId = input.categoryId ?? null;
  // An unknown category matches nothing: neither statement changes a row, and the answer is NOT_FOUND.
  const categoryKnown =
    categoryId === null ? sql`1` : sql`EXISTS (SELECT 1 FROM ${categories} WHERE ${categories.id} = ${categoryId})`;
  const same = and(
    eq(taxRates.country, input.country),
    categoryId === null ? isNull(taxRates.categoryId) : eq(taxRates.categoryId, categoryId),
    categoryKnown,
  );
  const [, [rate]] = await adminBatch(
    db,
    actor,
    { action: 'taxes.setRate', target: `tax:${input.country}:${categoryId ?? 'default'}` },
    [
      db.delete(taxRates).where(same),
      db.all<
        typeof taxRates.$inferSelect
      >(sql`INSERT INTO ${taxRates} (country, category_id, name, rate_bps, applies_to_shipping)
        SELECT ${input.country}, ${categoryId}, ${input.name}, ${input.rateBps}, ${input.appliesToShipping ? 1 : 0}
        WHERE ${categoryKnown}
        RETURNING id, country, category_id AS categoryId, name, rate_bps AS rateBps, applies_to_shipping AS appliesToShipping`),
    ],
  );
  if (!rate) throw notFound('category', categoryId ?? 0);
  return { ...rate, appliesToShipping: Boolean(rate.appliesToShipping) };
}

export async function removeRate(db: Db, actor: Actor, id: number) {
  const [[removed]] = await adminBatch(db, actor, { action: 'taxes.removeRate', target: `tax-rate:${id}` }, [
    db.delete(taxRates).where(eq(taxRates.id, id)).returning({ id: taxRates.id }),
  ]);
  if (!removed) throw notFound('tax rate', id);
  return removed;
}
