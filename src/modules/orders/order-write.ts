/**
 * Runs a write batch that answers the order it changed: an admin's audit row
 * first (when there is an actor to audit), the statements, and the order's
 * detail last, in ONE db.batch, so the write and its answer are one round trip.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { type Actor, type AuditEntry, auditedStatements } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import { orderDetailQuery, parseOrderDetail, publicOrder } from './order-detail.ts';

export async function orderWriteBatch(
  db: Db,
  audit: { actor: Actor; entry: AuditEntry } | null,
  orderId: number | SQL,
  statements: BatchItem<'sqlite'>[],
  /** The refusal when the batch answers no order (e.g. the write named an unknown row that names the order). */
  whenMissing: () => Error = () => new Error('an order write answered no order'),
) {
  const body = [...statements, orderDetailQuery(db, sql`o.id = ${orderId}`)];
  const batch = audit ? auditedStatements(db, audit.actor, audit.entry, body) : body;
  const results = (await db.batch(batch as unknown as Parameters<typeof db.batch>[0])) as unknown as unknown[][];
  const [row] = results[results.length - 1] as Parameters<typeof parseOrderDetail>[0][];
  if (!row) throw whenMissing();
  return publicOrder(parseOrderDetail(row));
}
