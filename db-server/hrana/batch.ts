import { type HranaError, toHranaError } from './errors.ts';
import { type ExecContext, executeStmt, LockConflict } from './execute.ts';
import type { BatchCond, BatchStep } from './protocol.ts';
import type { StmtResult } from './results.ts';

/** The Hrana `BatchResult` structure. */
export interface BatchResult {
  step_results: Array<StmtResult | null>;
  step_errors: Array<HranaError | null>;
}

/** How far a batch got; kept across lock waits so a batch inside a transaction resumes at the blocked step. */
export interface BatchProgress {
  next: number;
  result: BatchResult;
}

export function newBatchProgress(): BatchProgress {
  return { next: 0, result: { step_results: [], step_errors: [] } };
}

/**
 * Runs the steps in order, each only if its condition holds. A failing step is
 * recorded in step_errors and the batch goes on: the conditions decide what
 * runs next (Drizzle's batch conditions every statement on the previous one,
 * then COMMIT, then ROLLBACK if COMMIT did not run or failed).
 */
export function runBatch(ctx: ExecContext, steps: BatchStep[], progress: BatchProgress): BatchResult {
  const { result } = progress;
  for (; progress.next < steps.length; progress.next++) {
    const i = progress.next;
    const step = steps[i] as BatchStep;
    result.step_results[i] = null;
    result.step_errors[i] = null;
    if (step.condition !== undefined && !evaluate(ctx, step.condition, result)) continue;
    try {
      result.step_results[i] = executeStmt(ctx, step.stmt);
    } catch (error) {
      if (error instanceof LockConflict) throw error;
      result.step_errors[i] = toHranaError(error);
    }
  }
  return result;
}

function evaluate(ctx: ExecContext, cond: BatchCond, result: BatchResult): boolean {
  switch (cond.type) {
    case 'ok':
      return (result.step_results[cond.step] ?? null) !== null;
    case 'error':
      return (result.step_errors[cond.step] ?? null) !== null;
    case 'not':
      return !evaluate(ctx, cond.cond, result);
    case 'and':
      return cond.conds.every((inner) => evaluate(ctx, inner, result));
    case 'or':
      return cond.conds.some((inner) => evaluate(ctx, inner, result));
    case 'is_autocommit':
      return !ctx.stream.inTransaction;
  }
}
