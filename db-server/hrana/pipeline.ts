import { type BatchProgress, type BatchResult, newBatchProgress, runBatch } from './batch.ts';
import { type HranaError, ProtocolError, toHranaError } from './errors.ts';
import { type ExecContext, executeStmt, LockConflict, resolveSql, withLockCheck } from './execute.ts';
import type { StreamRequest } from './protocol.ts';
import type { DescribeResult, StmtResult } from './results.ts';

type StreamResponse =
  | { type: 'close' | 'sequence' | 'store_sql' | 'close_sql' }
  | { type: 'execute'; result: StmtResult }
  | { type: 'batch'; result: BatchResult }
  | { type: 'describe'; result: DescribeResult }
  | { type: 'get_autocommit'; is_autocommit: boolean };

export type StreamResult = { type: 'ok'; response: StreamResponse } | { type: 'error'; error: HranaError };

/** Results so far; kept across lock waits so a pipeline inside a transaction resumes where it was blocked. */
export interface PipelineProgress {
  results: StreamResult[];
  batch: BatchProgress | undefined;
  /** A `close` request was served; the stream is closed once the whole pipeline has run. */
  closed: boolean;
}

export function newPipelineProgress(): PipelineProgress {
  return { results: [], batch: undefined, closed: false };
}

/** Runs every request in order; a failing request yields an error result and the rest still run. */
export function runPipeline(ctx: ExecContext, requests: StreamRequest[], progress: PipelineProgress): StreamResult[] {
  for (let i = progress.results.length; i < requests.length; i++) {
    let result: StreamResult;
    try {
      if (progress.closed) throw new ProtocolError('The stream was closed by an earlier request', 'STREAM_CLOSED');
      result = { type: 'ok', response: serve(ctx, requests[i] as StreamRequest, progress) };
    } catch (error) {
      if (error instanceof LockConflict) throw error;
      result = { type: 'error', error: toHranaError(error) };
    }
    progress.batch = undefined;
    progress.results.push(result);
  }
  return progress.results;
}

function serve(ctx: ExecContext, request: StreamRequest, progress: PipelineProgress): StreamResponse {
  const { stream } = ctx;
  switch (request.type) {
    case 'close':
      progress.closed = true;
      return { type: 'close' };
    case 'execute':
      return { type: 'execute', result: executeStmt(ctx, request.stmt) };
    case 'batch':
      progress.batch ??= newBatchProgress();
      return { type: 'batch', result: runBatch(ctx, request.steps, progress.batch) };
    case 'sequence': {
      const sql = resolveSql(ctx, request.sql, request.sqlId);
      // Never retried after a lock conflict: statements before the blocked one
      // may have run (and committed), so a rerun would apply them twice. A
      // SQLITE_BUSY here is the client's to see, and whatever ran counts as done.
      ctx.statements++;
      try {
        stream.conn.executeSequence(sql);
      } finally {
        ctx.committed = true;
      }
      return { type: 'sequence' };
    }
    case 'describe': {
      const sql = resolveSql(ctx, request.sql, request.sqlId);
      return { type: 'describe', result: withLockCheck(ctx, () => stream.conn.describe(sql)) };
    }
    case 'store_sql':
      if (stream.sqls.has(request.sqlId)) {
        throw new ProtocolError(`SQL text id ${request.sqlId} is already in use`, 'SQL_ID_IN_USE');
      }
      stream.sqls.set(request.sqlId, request.sql);
      return { type: 'store_sql' };
    case 'close_sql':
      stream.sqls.delete(request.sqlId);
      return { type: 'close_sql' };
    case 'get_autocommit':
      return { type: 'get_autocommit', is_autocommit: !stream.inTransaction };
  }
}
