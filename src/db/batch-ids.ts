/**
 * Ids known inside a batch before (and after) its INSERT. A batch is one write
 * transaction, so no other writer takes an id in between: `nextId` is the id
 * the next row gets (set explicitly by the INSERT, so statements before it in
 * the batch, such as an admin's audit row, can name it), `newestId` the one
 * the batch's latest INSERT made (for the statements after it).
 */
import { type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';

type WithId = SQLiteTable & { id: SQLiteColumn };

export function nextId(table: WithId): SQL<number> {
  return sql<number>`(SELECT coalesce(max(${table.id}), 0) + 1 FROM ${table})`;
}

export function newestId(table: WithId): SQL<number> {
  return sql<number>`(SELECT max(${table.id}) FROM ${table})`;
}
