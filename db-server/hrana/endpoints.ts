import type { ConnectionPool } from '../pool.ts';
import type { Stream, StreamRegistry } from '../streams.ts';
import { newBatchProgress, runBatch } from './batch.ts';
import { type LockWaitDeps, runWithLockWaits } from './lock-wait.ts';
import { newPipelineProgress, runPipeline, type StreamResult } from './pipeline.ts';
import { parseCursorBody, parsePipelineBody } from './protocol.ts';

export interface EndpointDeps {
  pool: ConnectionPool;
  streams: StreamRegistry;
  lockWait: LockWaitDeps;
}

export interface PipelineRespBody {
  baton: string | null;
  base_url: null;
  results: StreamResult[];
}

/** `POST /v2/pipeline` and `POST /v3/pipeline`. */
export async function servePipeline(deps: EndpointDeps, rawBody: unknown): Promise<PipelineRespBody> {
  const body = parsePipelineBody(rawBody);
  const stream = body.baton === null ? deps.streams.open() : deps.streams.take(body.baton);
  let progress = newPipelineProgress();
  return finishRequest(
    deps,
    stream,
    async () => {
      const results = await runWithLockWaits(
        deps.lockWait,
        stream,
        (ctx) => runPipeline(ctx, body.requests, progress),
        () => {
          progress = newPipelineProgress();
        },
      );
      return { baton: progress.closed ? null : deps.streams.park(stream), base_url: null, results };
    },
    () => progress.closed,
  );
}

/**
 * `POST /v3/cursor`: runs the batch, then returns its result as cursor
 * entries. Results are small enough here to be built in full before sending.
 */
export async function serveCursor(deps: EndpointDeps, rawBody: unknown): Promise<unknown[]> {
  const body = parseCursorBody(rawBody);
  const stream = body.baton === null ? deps.streams.open() : deps.streams.take(body.baton);
  let progress = newBatchProgress();
  return finishRequest(
    deps,
    stream,
    async () => {
      const result = await runWithLockWaits(
        deps.lockWait,
        stream,
        (ctx) => runBatch(ctx, body.steps, progress),
        () => {
          progress = newBatchProgress();
        },
      );
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
    },
    () => false,
  );
}

/**
 * Closes the stream when the request closed it or failed outright, and wakes
 * lock waiters when this request ended a transaction the stream had held
 * across requests.
 */
async function finishRequest<T>(
  deps: EndpointDeps,
  stream: Stream,
  work: () => Promise<T>,
  closedByRequest: () => boolean,
): Promise<T> {
  const enteredInTransaction = stream.inTransaction;
  try {
    const value = await work();
    if (closedByRequest()) stream.close();
    return value;
  } catch (error) {
    stream.close();
    throw error;
  } finally {
    if (enteredInTransaction && !stream.inTransaction) deps.pool.notifyLockMayBeFree();
  }
}
