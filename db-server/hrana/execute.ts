import { leadingKeyword } from '../sql-scan.ts';
import type { Stream } from '../streams.ts';
import { isBusyError, ProtocolError } from './errors.ts';
import type { StmtSpec } from './protocol.ts';
import type { StmtResult } from './results.ts';
import type { SqlValue } from './values.ts';

/** State shared by the statements of one attempt at running a request's work. */
export interface ExecContext {
  stream: Stream;
  /**
   * The stream was in autocommit when the request arrived, so after a lock
   * conflict the attempt is rolled back and rerun from the start (with a fresh
   * snapshot) instead of resuming at the failed statement.
   */
  restartable: boolean;
  /** The lock-wait deadline has passed: SQLITE_BUSY is now reported like any error. */
  busyIsFinal: boolean;
  statements: number;
  /**
   * A statement of this attempt ended outside a transaction (an autocommit
   * write, or a COMMIT), so its effects are durable: rerunning the attempt
   * from the start would apply them twice.
   */
  committed: boolean;
}

/** Statements that never write, so running one outside a transaction commits nothing. */
const PLAIN_QUERIES = new Set(['SELECT', 'VALUES', 'EXPLAIN']);

/** Thrown out of synchronous execution when it must wait for another stream's write transaction. */
export class LockConflict extends Error {
  constructor() {
    super('Database is locked by another stream');
    this.name = 'LockConflict';
  }
}

export function resolveSql(ctx: ExecContext, sql: string | undefined, sqlId: number | undefined): string {
  if (sql !== undefined) return sql;
  const stored = ctx.stream.sqls.get(sqlId as number);
  if (stored === undefined) throw new ProtocolError(`SQL text ${sqlId} is not stored on this stream`, 'SQL_NOT_FOUND');
  return stored;
}

export function executeStmt(ctx: ExecContext, spec: StmtSpec): StmtResult {
  const sql = resolveSql(ctx, spec.sql, spec.sqlId);
  return withLockCheck(ctx, () => {
    const conn = ctx.stream.conn;
    const args = spec.namedArgs.length === 0 ? spec.args : bindByIndex(conn.parameterNames(sql), spec);
    ctx.statements++;
    const wasInTransaction = ctx.stream.inTransaction;
    const result = conn.execute(sql, args, spec.wantRows);
    // Ending a transaction, or an autocommit statement that is not a plain query, made something durable.
    if (!ctx.stream.inTransaction && (wasInTransaction || !PLAIN_QUERIES.has(leadingKeyword(sql)))) {
      ctx.committed = true;
    }
    return result;
  });
}

/** Runs `work`, turning a retriable SQLITE_BUSY into a LockConflict for the driver to wait on. */
export function withLockCheck<T>(ctx: ExecContext, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (mustWaitForLock(ctx, error)) throw new LockConflict();
    throw error;
  }
}

function mustWaitForLock(ctx: ExecContext, error: unknown): boolean {
  if (ctx.busyIsFinal || !isBusyError(error)) return false;
  // A stale snapshot (BUSY_SNAPSHOT) never succeeds by waiting inside the same
  // transaction; only a rerun from autocommit, with a fresh snapshot, can.
  if (ctx.committed && !ctx.stream.inTransaction && ctx.stream.conn.sessionChanged) {
    // Resuming would need a fresh connection (this one has a stuck statement),
    // which would silently lose this stream's PRAGMAs and temp tables.
    return false;
  }
  return (ctx.restartable && !ctx.committed) || (error as { code: string }).code !== 'SQLITE_BUSY_SNAPSHOT';
}

/**
 * Builds the argument array by parameter index. Named arguments win over
 * positional ones; a name given without its prefix (`id` for `:id`) matches too.
 */
function bindByIndex(names: Array<string | null>, spec: StmtSpec): SqlValue[] {
  const named = new Map(spec.namedArgs.map((arg) => [arg.name, arg.value]));
  const count = Math.max(names.length, spec.args.length);
  const args: SqlValue[] = [];
  for (let i = 0; i < count; i++) {
    const name = names[i] ?? null;
    const key =
      name === null ? undefined : named.has(name) ? name : named.has(name.slice(1)) ? name.slice(1) : undefined;
    if (key !== undefined) args.push(named.get(key) as SqlValue);
    else args.push(spec.args[i] ?? null);
  }
  return args;
}
