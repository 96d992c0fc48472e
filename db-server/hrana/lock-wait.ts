import type { ConnectionPool } from '../pool.ts';
import type { Stream } from '../streams.ts';
import { type ExecContext, LockConflict } from './execute.ts';

export interface LockWaitDeps {
  pool: ConnectionPool;
  busyTimeoutMs: number;
  onWait(): void;
  onStatements(count: number): void;
}

/**
 * Runs a request's work synchronously (so it never interleaves with another
 * request) and, when another stream holds the write lock across requests,
 * waits asynchronously and tries again until `busyTimeoutMs` has passed; the
 * last attempt reports SQLITE_BUSY to the client. If the stream was in
 * autocommit when the request arrived, each retry starts over: the partial
 * attempt is rolled back and `restart` discards its results.
 */
export async function runWithLockWaits<T>(
  deps: LockWaitDeps,
  stream: Stream,
  attempt: (ctx: ExecContext) => T,
  restart: () => void,
): Promise<T> {
  const restartable = !stream.inTransaction;
  const storedSqls = restartable ? new Map(stream.sqls) : undefined;
  const deadline = Date.now() + deps.busyTimeoutMs;
  for (;;) {
    const ctx: ExecContext = { stream, restartable, busyIsFinal: Date.now() >= deadline, statements: 0 };
    try {
      const value = attempt(ctx);
      deps.onStatements(ctx.statements);
      return value;
    } catch (error) {
      if (!(error instanceof LockConflict)) throw error;
      if (storedSqls !== undefined) {
        stream.conn.rollback();
        stream.sqls.clear();
        for (const [id, sql] of storedSqls) stream.sqls.set(id, sql);
        restart();
      }
      deps.onWait();
      await deps.pool.waitForLockRelease(deadline);
    }
  }
}
