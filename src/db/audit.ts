/**
 * Audit rows for admin mutations, and the one way an admin write is batched.
 * The audit row is a statement of the mutation's own batch, so the action and
 * its audit row commit together or not at all.
 *
 * The row's actor is also the admin check that the database makes: a token
 * says "admin" until it expires, but the actor id is taken from `users` only
 * while that user is still an admin, and NOT NULL on audit_log.actor_id fails
 * the whole batch otherwise. So a demoted admin's old token changes nothing.
 * The audit row always comes FIRST in the batch, so that check refuses a
 * demoted admin before any later guard could tell them whether an id exists
 * or what an order's status or a product's stock is.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import type { Db } from './client.ts';
import { auditLog, users } from './schema.ts';

export type Actor = { userId: number; requestId: string; clientIp: string | null };

/** What an admin write did: an action name and its target, e.g. `product:7`. */
export type AuditEntry = {
  action: string;
  /** SQL when the target must be computed in the batch (NULL refuses an unknown one). */
  target: string | SQL;
};

function auditStatement(db: Db, actor: Actor, { action, target }: AuditEntry) {
  return db.insert(auditLog).values({
    actorId: sql<number>`(SELECT ${users.id} FROM ${users} WHERE ${users.id} = ${actor.userId} AND ${users.role} = 'admin')`,
    action,
    target,
    requestId: actor.requestId,
    clientIp: actor.clientIp,
  });
}

/** A batch builder's statements with the audit row put first (see above); runs nothing. */
export function auditedStatements<T extends readonly BatchItem<'sqlite'>[]>(
  db: Db,
  actor: Actor,
  entry: AuditEntry,
  statements: T,
) {
  return [auditStatement(db, actor, entry), ...statements] as const;
}

/** Runs an admin write as one batch, audit row first; answers the results of `statements` only. */
export async function adminBatch<T extends readonly [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]>(
  db: Db,
  actor: Actor,
  entry: AuditEntry,
  statements: T,
): Promise<BatchResponse<T>> {
  const [, ...results] = await db.batch(auditedStatements(db, actor, entry, statements));
  return results as unknown as BatchResponse<T>;
}
