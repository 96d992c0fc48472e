/**
 * Shipping zones (sets of countries; a country is in at most one zone, by a
 * UNIQUE index) and their methods. Admin writes are one audited batch each;
 * a zone's countries are replaced whole in its batch, so a refused country
 * (already in another zone) leaves the zone as it was.
 */

import { and, asc, eq, sql } from 'drizzle-orm';
import { readAsAdmin } from '../../db/admin-check.ts';
import { type Actor, adminBatch } from '../../db/audit.ts';
import { newestId, nextId } from '../../db/batch-ids.ts';
import type { Db } from '../../db/client.ts';
import { isViolationOf } from '../../db/errors.ts';
import { NOW, shippingMethods, shippingZoneCountries, shippingZones } from '../../db/schema.ts';
import { DomainError, notFound } from '../domain-error.ts';
import type { MethodInput, UpdateMethodInput, UpdateZoneInput, ZoneInput } from './shipping.schema.ts';

const methodColumns = {
  id: shippingMethods.id,
  zoneId: shippingMethods.zoneId,
  name: shippingMethods.name,
  priceCents: shippingMethods.priceCents,
  freeAboveCents: shippingMethods.freeAboveCents,
  isActive: shippingMethods.isActive,
};

/** The active methods that ship to `country`, cheapest first: what a checkout may choose from. */
export function methodsFor(db: Db, country: string) {
  return db
    .select(methodColumns)
    .from(shippingMethods)
    .innerJoin(shippingZoneCountries, eq(shippingZoneCountries.zoneId, shippingMethods.zoneId))
    .where(and(eq(shippingZoneCountries.country, country), eq(shippingMethods.isActive, true)))
    .orderBy(asc(shippingMethods.priceCents), asc(shippingMethods.id));
}

/** Every zone with its countries and methods (inactive ones included), for the admin. */
export async function listZones(db: Db, admin: Actor) {
  const [zones, countries, methods] = await readAsAdmin(db, admin.userId, [
    db.select().from(shippingZones).orderBy(asc(shippingZones.id)),
    db.select().from(shippingZoneCountries).orderBy(asc(shippingZoneCountries.country)),
    db.select(methodColumns).from(shippingMethods).orderBy(asc(shippingMethods.id)),
  ]);
  return zones.map((zone) => ({
    id: zone.id,
    name: zone.name,
    countries: countries.filter((row) => row.zoneId === zone.id).map((row) => row.country),
    methods: methods.filter((method) => method.zoneId === zone.id),
  }));
}

function countryTaken(error: unknown, countries: string[]): never {
  if (isViolationOf(error, 'unique', 'shipping_zone_countries.country')) {
    throw new DomainError(
      'DUPLICATE',
      'A country may be in one shipping zone only; remove it from its other zone first',
      {
        countries,
      },
    );
  }
  throw error;
}

const nextZoneId = nextId(shippingZones);

export async function createZone(db: Db, actor: Actor, input: ZoneInput) {
  try {
    const [[zone]] = await adminBatch(
      db,
      actor,
      { action: 'shipping.createZone', target: sql`'zone:' || ${nextZoneId}` },
      [
        db.insert(shippingZones).values({ id: nextZoneId, name: input.name }).returning(),
        ...input.countries.map((country) =>
          db.insert(shippingZoneCountries).values({
            zoneId: newestId(shippingZones),
            country,
          }),
        ),
      ],
    );
    return { ...(zone as NonNullable<typeof zone>), countries: input.countries };
  } catch (error) {
    countryTaken(error, input.countries);
  }
}

export async function updateZone(db: Db, actor: Actor, input: UpdateZoneInput) {
  // The zone's id, or NULL for an unknown one, which the countries' NOT NULL zone_id refuses.
  const zoneId = sql<number>`(SELECT ${shippingZones.id} FROM ${shippingZones} WHERE ${shippingZones.id} = ${input.id})`;
  try {
    const [[zone]] = await adminBatch(db, actor, { action: 'shipping.updateZone', target: `zone:${input.id}` }, [
      db.update(shippingZones).set({ name: input.name }).where(eq(shippingZones.id, input.id)).returning(),
      db.delete(shippingZoneCountries).where(eq(shippingZoneCountries.zoneId, input.id)),
      ...input.countries.map((country) => db.insert(shippingZoneCountries).values({ zoneId, country })),
    ]);
    if (!zone) throw notFound('shipping zone', input.id);
    return { ...zone, countries: input.countries };
  } catch (error) {
    if (isViolationOf(error, 'notnull', 'shipping_zone_countries.zone_id')) throw notFound('shipping zone', input.id);
    countryTaken(error, input.countries);
  }
}

export async function createMethod(db: Db, actor: Actor, input: MethodInput) {
  try {
    const [[method]] = await adminBatch(
      db,
      actor,
      { action: 'shipping.createMethod', target: `zone:${input.zoneId}` },
      [
        db
          .insert(shippingMethods)
          .values({
            ...input,
            freeAboveCents: input.freeAboveCents ?? null,
            // NULL for an unknown zone: NOT NULL refuses it.
            zoneId: sql<number>`(SELECT ${shippingZones.id} FROM ${shippingZones} WHERE ${shippingZones.id} = ${input.zoneId})`,
          })
          .returning(methodColumns),
      ],
    );
    return method as NonNullable<typeof method>;
  } catch (error) {
    if (isViolationOf(error, 'notnull', 'shipping_methods.zone_id')) throw notFound('shipping zone', input.zoneId);
    throw error;
  }
}

export async function updateMethod(db: Db, actor: Actor, input: UpdateMethodInput) {
  const { id, ...changes } = input;
  const [[method]] = await adminBatch(db, actor, { action: 'shipping.updateMethod', target: `shipping-method:${id}` }, [
    db
      .update(shippingMethods)
      .set({ ...changes, updatedAt: NOW })
      .where(eq(shippingMethods.id, id))
      .returning(methodColumns),
  ]);
  if (!method) throw notFound('shipping method', id);
  return method;
}
