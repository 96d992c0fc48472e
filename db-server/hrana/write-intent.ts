import { mayTakeWriteLock } from '../sql-scan.ts';
import type { BatchStep, StmtSpec, StreamRequest } from './protocol.ts';

/**
 * Whether a request may need the write lock, judged from its SQL before it
 * runs. Unknown SQL (an id that is not stored) counts as writing.
 */
export function requestsMayWrite(requests: StreamRequest[], stored: ReadonlyMap<number, string>): boolean {
  const storedHere = new Map<number, string>();
  const lookup = (id: number): string | undefined => storedHere.get(id) ?? stored.get(id);
  return requests.some((request) => {
    switch (request.type) {
      case 'store_sql':
        storedHere.set(request.sqlId, request.sql);
        return false;
      case 'execute':
        return stmtMayWrite(request.stmt, lookup);
      case 'batch':
        return request.steps.some((step) => stmtMayWrite(step.stmt, lookup));
      case 'sequence':
        return true;
      default:
        return false;
    }
  });
}

export function stepsMayWrite(steps: BatchStep[], stored: ReadonlyMap<number, string>): boolean {
  return steps.some((step) => stmtMayWrite(step.stmt, (id) => stored.get(id)));
}

function stmtMayWrite(stmt: StmtSpec, lookup: (id: number) => string | undefined): boolean {
  const sql = stmt.sql ?? lookup(stmt.sqlId as number);
  return sql === undefined || mayTakeWriteLock(sql);
}
