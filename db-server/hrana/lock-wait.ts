import type { ConnectionPool } from '../pool.ts';
import type { Stream } from '../streams.ts';
import { type ExecContext, LockConflict } from './execute.ts';

export interface LockWaitDeps {
  pool: ConnectionPool;
  busyTimeoutMs: number;
  /** How many parked streams may hold the write lock. */
  parkedWriters(): number;
  onWait(): void;
  onStatements(count: number): void;
}

/** One request's work, run synchronously so that it never interleaves with another request. */
export interface LockedWork<T> {
  attempt(ctx: ExecContext): T;
  /** Discards the results of an attempt that was rolled back. */
  restart(): void;
  /** Whether the work may need the write lock (judged from its SQL). */
  mayWrite(): boolean;
}

/**
 * Runs a request's work, waiting asynchronously while another stream holds
 * the write lock across requests, for at most `busyTimeoutMs`; after that the
 * work runs anyway and SQLITE_BUSY reaches the client.
 *
 * The wait normally happens before running anything: a statement that fails
 * with SQLITE_BUSY stays mid-execution in SQLite (see Connection.stuck), so
 * the lock is probed up front whenever a parked stream may hold it. A BUSY
 * that still happens is handled too: if the stream was in autocommit when the
 * request arrived and nothing of the attempt has committed yet, the attempt is
 * rolled back and rerun from the start (with a fresh snapshot); otherwise it
 * resumes at the blocked statement, so a committed write is never applied twice.
 */
export async function runWithLockWaits<T>(deps: LockWaitDeps, stream: Stream, work: LockedWork<T>): Promise<T> {
  const restartable = !stream.inTransaction;
  const storedSqls = restartable ? new Map(stream.sqls) : undefined;
  let committedSoFar = false;
  const deadline = Date.now() + deps.busyTimeoutMs;
  let mayWrite: boolean | undefined;
  const workMayWrite = (): boolean => {
    mayWrite ??= work.mayWrite();
    return mayWrite;
  };
  // The stream's own write lock never makes it wait; only another stream's does.
  const lockedByOther = (): boolean =>
    !stream.mayHoldWriteLock && deps.parkedWriters() > 0 && workMayWrite() && deps.pool.isWriteLockHeld();

  for (;;) {
    const busyIsFinal = Date.now() >= deadline;
    if (!busyIsFinal && lockedByOther()) {
      deps.onWait();
      await deps.pool.waitForLockRelease(deadline);
      continue;
    }
    const ctx: ExecContext = {
      stream,
      restartable: restartable && !committedSoFar,
      busyIsFinal,
      statements: 0,
      committed: false,
    };
    try {
      const value = work.attempt(ctx);
      deps.onStatements(ctx.statements);
      stream.mayHoldWriteLock = stream.inTransaction && (stream.mayHoldWriteLock || workMayWrite());
      return value;
    } catch (error) {
      if (!(error instanceof LockConflict)) throw error;
      committedSoFar ||= ctx.committed;
      if (storedSqls !== undefined && ctx.restartable && !ctx.committed) {
        stream.conn.rollback();
        stream.dropStuckConnection();
        stream.sqls.clear();
        for (const [id, sql] of storedSqls) stream.sqls.set(id, sql);
        work.restart();
      } else if (!stream.inTransaction) {
        // Resuming outside a transaction: the blocked statement reruns on a fresh connection.
        stream.dropStuckConnection();
      }
      deps.onWait();
      await deps.pool.waitForLockRelease(deadline);
    }
  }
}
