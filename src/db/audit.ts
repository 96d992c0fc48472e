/**
 * Audit rows for admin mutations. Each is a statement for the mutation's own
 * batch, so the action and its audit row commit together or not at all.
 *
 * The row's actor is also the admin check that the database makes: a token
 * says "admin" until it expires, but the actor id is taken from `users` only
 * while that user is still an admin, and NOT NULL on audit_log.actor_id fails
 * the whole batch otherwise. So a demoted admin's old token changes nothing.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { auditLog, users } from './schema.ts';

export type Actor = { userId: number; requestId: string; clientIp: string | null };

/** `target` may be SQL, e.g. the id an INSERT earlier in the same batch just gave. */
export function auditStatement(db: Db, actor: Actor, action: string, target: string | SQL) {
  return db.insert(auditLog).values({
    actorId: sql<number>`(SELECT ${users.id} FROM ${users} WHERE ${users.id} = ${actor.userId} AND ${users.role} = 'admin')`,
    action,
    target,
    requestId: actor.requestId,
    clientIp: actor.clientIp,
  });
}
