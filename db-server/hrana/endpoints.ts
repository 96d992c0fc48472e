import type { ConnectionPool } from '../pool.ts';
import type { Stream, StreamRegistry } from '../streams.ts';
import { newBatchProgress, runBatch } from './batch.ts';
import { type LockedWork, type LockWaitDeps, runWithLockWaits } from './lock-wait.ts';
import { newPipelineProgress, runPipeline, type StreamResult } from './pipeline.ts';
import { parseCursorBody, parsePipelineBody } from './protocol.ts';
import { requestsMayWrite, stepsMayWrite } from './write-intent.ts';

export interface EndpointDeps {
  pool: ConnectionPool;
  streams: StreamRegistry;
  lockWait: LockWaitDeps;
  /** Statements (executes and batch steps) one request may hold. */
  maxStatementsPerRequest: number;
}

export interface PipelineRespBody {
  baton: string | null;
  base_url: null;
  results: StreamResult[];
}

/** `POST /v2/pipeline` and `POST /v3/pipeline`. */
export async function servePipeline(deps: EndpointDeps, rawBody: unknown): Promise<PipelineRespBody> {
  const body = parsePipelineBody(rawBody, deps.maxStatementsPerRequest);
  // A pipeline without a `close` request leaves its stream open for the next one.
  const kept = !body.requests.some((request) => request.type === 'close');
  const stream = body.baton === null ? deps.streams.open(kept) : deps.streams.take(body.baton);
  let progress = newPipelineProgress();
  const results = await runOnStream(deps, stream, {
    attempt: (ctx) => runPipeline(ctx, body.requests, progress),
    restart: () => {
      progress = newPipelineProgress();
    },
    mayWrite: () => requestsMayWrite(body.requests, stream.sqls),
  });
  if (progress.closed) {
    stream.close();
    return { baton: null, base_url: null, results };
  }
  return { baton: deps.streams.park(stream), base_url: null, results };
}

/**
 * `POST /v3/cursor`: runs the batch, then returns its result as cursor
 * entries (the first line carries the baton). The stream stays open.
 */
export async function serveCursor(deps: EndpointDeps, rawBody: unknown): Promise<unknown[]> {
  const body = parseCursorBody(rawBody, deps.maxStatementsPerRequest);
  const stream = body.baton === null ? deps.streams.open(true) : deps.streams.take(body.baton);
  let progress = newBatchProgress();
  const result = await runOnStream(deps, stream, {
    attempt: (ctx) => runBatch(ctx, body.steps, progress),
    restart: () => {
      progress = newBatchProgress();
    },
    mayWrite: () => stepsMayWrite(body.steps, stream.sqls),
  });
  const entries: unknown[] = [{ baton: deps.streams.park(stream), base_url: null }];
  body.steps.forEach((_, i) => {
    const stepResult = result.step_results[i] ?? null;
    const stepError = result.step_errors[i] ?? null;
    if (stepError !== null) entries.push({ type: 'step_error', step: i, error: stepError });
    if (stepResult === null) return;
    entries.push({ type: 'step_begin', step: i, cols: stepResult.cols });
    for (const row of stepResult.rows) entries.push({ type: 'row', row });
    entries.push({
      type: 'step_end',
      affected_row_count: stepResult.affected_row_count,
      last_insert_rowid: stepResult.last_insert_rowid,
    });
  });
  return entries;
}

/** Runs the work; a request that fails outright closes its stream (rolling back). */
async function runOnStream<T>(deps: EndpointDeps, stream: Stream, work: LockedWork<T>): Promise<T> {
  const enteredInTransaction = stream.inTransaction;
  try {
    return await runWithLockWaits(deps.lockWait, stream, work);
  } catch (error) {
    stream.close();
    throw error;
  } finally {
    // Ending a transaction held across requests may free the write lock others wait for.
    if (enteredInTransaction && !stream.inTransaction) deps.pool.notifyLockMayBeFree();
  }
}
