/**
 * Audit rows for admin mutations. Each is a statement for the mutation's own
 * batch, so the action and its audit row commit together or not at all.
 */
import type { SQL } from 'drizzle-orm';
import type { Db } from './client.ts';
import { auditLog } from './schema.ts';

export type Actor = { userId: number; requestId: string; clientIp: string | null };

/** `target` may be SQL, e.g. the id an INSERT earlier in the same batch just gave. */
export function auditStatement(db: Db, actor: Actor, action: string, target: string | SQL) {
  return db.insert(auditLog).values({
    actorId: actor.userId,
    action,
    target,
    requestId: actor.requestId,
    clientIp: actor.clientIp,
  });
}
