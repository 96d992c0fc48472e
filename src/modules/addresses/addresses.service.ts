/**
 * A customer's address book. Each write is one batch whose statements guard
 * themselves: an add past MAX_ADDRESSES writes a NULL user_id (NOT NULL
 * refuses it, also when two adds race); a new default first clears the old
 * one in the same transaction (a partial UNIQUE index allows one default);
 * edits and deletes name the owner, so another customer's id is NOT_FOUND.
 */
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { isViolationOf } from '../../db/errors.ts';
import { addresses, NOW } from '../../db/schema.ts';
import { MAX_ADDRESSES } from '../../shared/limits.ts';
import { DomainError, notFound } from '../domain-error.ts';
import type { AddAddressInput, UpdateAddressInput } from './addresses.schema.ts';

const addressColumns = {
  id: addresses.id,
  name: addresses.name,
  line1: addresses.line1,
  line2: addresses.line2,
  city: addresses.city,
  region: addresses.region,
  postalCode: addresses.postalCode,
  country: addresses.country,
  phone: addresses.phone,
  isDefault: addresses.isDefault,
  updatedAt: addresses.updatedAt,
};

export function listAddresses(db: Db, userId: number) {
  return db
    .select(addressColumns)
    .from(addresses)
    .where(eq(addresses.userId, userId))
    .orderBy(desc(addresses.isDefault), asc(addresses.id));
}

/**
 * Clears the customer's default before another becomes it. For an edit, only
 * when the address being made default (`newDefaultId`) is the customer's, so
 * a wrong id changes nothing.
 */
function clearDefault(db: Db, userId: number, newDefaultId?: number) {
  return db
    .update(addresses)
    .set({ isDefault: false, updatedAt: NOW })
    .where(
      and(
        eq(addresses.userId, userId),
        eq(addresses.isDefault, true),
        newDefaultId === undefined
          ? undefined
          : and(
              ne(addresses.id, newDefaultId),
              sql`EXISTS (SELECT 1 FROM ${addresses} a WHERE a.id = ${newDefaultId} AND a.user_id = ${userId})`,
            ),
      ),
    );
}

const hasDefault = (userId: number) =>
  sql`EXISTS (SELECT 1 FROM ${addresses} WHERE ${addresses.userId} = ${userId} AND ${addresses.isDefault} = 1)`;

export async function addAddress(db: Db, userId: number, input: AddAddressInput) {
  const { isDefault, ...fields } = input;
  const insert = db
    .insert(addresses)
    .values({
      ...fields,
      // NULL past the cap: NOT NULL refuses the insert.
      userId: sql<number>`(SELECT ${userId} WHERE (SELECT count(*) FROM ${addresses} WHERE ${addresses.userId} = ${userId}) < ${MAX_ADDRESSES})`,
      isDefault: isDefault ? true : sql<boolean>`NOT ${hasDefault(userId)}`,
    })
    .returning(addressColumns);
  try {
    const results = isDefault ? await db.batch([clearDefault(db, userId), insert]) : await db.batch([insert]);
    const [address] = results[results.length - 1] as Awaited<typeof insert>;
    return address as NonNullable<typeof address>;
  } catch (error) {
    if (!isViolationOf(error, 'notnull', 'addresses.user_id')) throw error;
    throw new DomainError(
      'TOO_MANY_ADDRESSES',
      `An address book holds at most ${MAX_ADDRESSES} addresses; delete one first`,
      {
        max: MAX_ADDRESSES,
      },
    );
  }
}

export async function updateAddress(db: Db, userId: number, input: UpdateAddressInput) {
  const { id, isDefault, ...fields } = input;
  const own = and(eq(addresses.id, id), eq(addresses.userId, userId));
  const update = db
    .update(addresses)
    .set({ ...fields, ...(isDefault === undefined ? {} : { isDefault }), updatedAt: NOW })
    .where(own)
    .returning(addressColumns);
  const statements = isDefault ? ([clearDefault(db, userId, id), update] as const) : ([update] as const);
  const results = await db.batch(statements);
  const [address] = results[results.length - 1] as Awaited<typeof update>;
  if (!address) throw notFound('address', id);
  return address;
}

export async function removeAddress(db: Db, userId: number, id: number) {
  const [removed] = await db.batch([
    db
      .delete(addresses)
      .where(and(eq(addresses.id, id), eq(addresses.userId, userId)))
      .returning({ id: addresses.id }),
  ]);
  if (removed.length === 0) throw notFound('address', id);
  return { removed: id };
}
