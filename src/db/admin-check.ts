/**
 * The database's word on whether a token's admin is still an admin. A token
 * says "admin" until it expires, so admin work asks `users` in the same round
 * trip: writes through their audit row's actor (db/audit.ts), reads by running
 * behind `stillAdmin` in one batch. Either way a demoted admin gets FORBIDDEN.
 */
import { and, eq } from 'drizzle-orm';
import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import type { Db } from './client.ts';
import { isViolationOf } from './errors.ts';
import { users } from './schema.ts';

/** Thrown by an admin read whose actor is no longer an admin. */
export class RevokedAdminError extends Error {
  constructor() {
    super('This account is no longer an admin');
    this.name = 'RevokedAdminError';
  }
}

/** The actor's row, only while they are an admin. */
export function stillAdmin(db: Db, userId: number) {
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.role, 'admin')));
}

/** Runs admin reads in the same round trip (and snapshot) as the admin check; answers their results. */
export async function readAsAdmin<T extends readonly [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]>(
  db: Db,
  userId: number,
  queries: T,
): Promise<BatchResponse<T>> {
  const [check, ...results] = await db.batch([stillAdmin(db, userId), ...queries]);
  if (check.length === 0) throw new RevokedAdminError();
  return results as unknown as BatchResponse<T>;
}

/**
 * An admin's view of something everyone may also see: the admin query when the
 * actor is still an admin, else (a stale token, rarely) the public query.
 */
export async function viewAsAdmin<Q extends BatchItem<'sqlite'>, P>(
  db: Db,
  userId: number,
  adminQuery: Q,
  publicQuery: () => PromiseLike<P>,
): Promise<Awaited<Q> | P> {
  try {
    const [result] = await readAsAdmin(db, userId, [adminQuery]);
    return result as Awaited<Q>;
  } catch (error) {
    if (error instanceof RevokedAdminError) return publicQuery();
    throw error;
  }
}

/** True when admin work failed because its actor is no longer an admin. */
export function isRevokedAdmin(error: unknown): boolean {
  return error instanceof RevokedAdminError || isViolationOf(error, 'notnull', 'audit_log.actor_id');
}
