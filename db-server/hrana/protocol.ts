import { ProtocolError } from './errors.ts';
import { decodeValue, type SqlValue } from './values.ts';

/** Parsed, validated forms of the Hrana-over-HTTP request bodies (JSON encoding). */

export interface StmtSpec {
  sql: string | undefined;
  sqlId: number | undefined;
  args: SqlValue[];
  namedArgs: Array<{ name: string; value: SqlValue }>;
  wantRows: boolean;
}

export type BatchCond =
  | { type: 'ok' | 'error'; step: number }
  | { type: 'not'; cond: BatchCond }
  | { type: 'and' | 'or'; conds: BatchCond[] }
  | { type: 'is_autocommit' };

export interface BatchStep {
  condition: BatchCond | undefined;
  stmt: StmtSpec;
}

export type StreamRequest =
  | { type: 'close' }
  | { type: 'execute'; stmt: StmtSpec }
  | { type: 'batch'; steps: BatchStep[] }
  | { type: 'sequence' | 'describe'; sql: string | undefined; sqlId: number | undefined }
  | { type: 'store_sql'; sqlId: number; sql: string }
  | { type: 'close_sql'; sqlId: number }
  | { type: 'get_autocommit' };

export interface PipelineBody {
  baton: string | null;
  requests: StreamRequest[];
}

export interface CursorBody {
  baton: string | null;
  steps: BatchStep[];
}

type Json = Record<string, unknown>;

export function parsePipelineBody(body: unknown, maxStatements: number): PipelineBody {
  const obj = object(body, 'Pipeline request body');
  const requests = array(obj.requests, 'requests').map(parseStreamRequest);
  // Each batch step counts, and so does every other request (execute, sequence, describe, ...).
  const size = requests.reduce((count, request) => count + (request.type === 'batch' ? request.steps.length : 1), 0);
  requireAtMost(size, maxStatements);
  return { baton: baton(obj.baton), requests };
}

export function parseCursorBody(body: unknown, maxStatements: number): CursorBody {
  const obj = object(body, 'Cursor request body');
  const steps = parseBatch(obj.batch);
  requireAtMost(steps.length, maxStatements);
  return { baton: baton(obj.baton), steps };
}

/** Refused before anything runs: the engine is synchronous, so one huge request stalls every client. */
function requireAtMost(statements: number, maxStatements: number): void {
  if (statements > maxStatements) {
    throw new ProtocolError(
      `A request may hold at most ${maxStatements} statements and batch steps; this one holds ${statements}`,
      'TOO_MANY_STATEMENTS',
      413,
    );
  }
}

function parseStreamRequest(raw: unknown): StreamRequest {
  const obj = object(raw, 'Stream request');
  switch (obj.type) {
    case 'close':
    case 'get_autocommit':
      return { type: obj.type };
    case 'execute':
      return { type: 'execute', stmt: parseStmt(obj.stmt) };
    case 'batch':
      return { type: 'batch', steps: parseBatch(obj.batch) };
    case 'sequence':
    case 'describe':
      return { type: obj.type, ...sqlSource(obj) };
    case 'store_sql':
      return { type: 'store_sql', sqlId: int32(obj.sql_id, 'sql_id'), sql: string(obj.sql, 'sql') };
    case 'close_sql':
      return { type: 'close_sql', sqlId: int32(obj.sql_id, 'sql_id') };
    default:
      throw new ProtocolError(`Unknown stream request type ${JSON.stringify(obj.type)}`);
  }
}

function parseBatch(raw: unknown): BatchStep[] {
  const steps = array(object(raw, 'Batch').steps, 'steps');
  return steps.map((rawStep) => {
    const step = object(rawStep, 'Batch step');
    const condition = step.condition == null ? undefined : parseCond(step.condition);
    return { condition, stmt: parseStmt(step.stmt) };
  });
}

function parseCond(raw: unknown): BatchCond {
  const obj = object(raw, 'Batch condition');
  switch (obj.type) {
    case 'ok':
    case 'error':
      return { type: obj.type, step: uint32(obj.step, 'step') };
    case 'not':
      return { type: 'not', cond: parseCond(obj.cond) };
    case 'and':
    case 'or':
      return { type: obj.type, conds: array(obj.conds, 'conds').map(parseCond) };
    case 'is_autocommit':
      return { type: 'is_autocommit' };
    default:
      throw new ProtocolError(`Unknown batch condition type ${JSON.stringify(obj.type)}`);
  }
}

function parseStmt(raw: unknown): StmtSpec {
  const obj = object(raw, 'Statement');
  const namedArgs = (obj.named_args == null ? [] : array(obj.named_args, 'named_args')).map((rawArg) => {
    const arg = object(rawArg, 'Named argument');
    return { name: string(arg.name, 'name'), value: decodeValue(arg.value) };
  });
  const args = obj.args == null ? [] : array(obj.args, 'args').map(decodeValue);
  const wantRows = obj.want_rows == null ? true : obj.want_rows === true;
  return { ...sqlSource(obj), args, namedArgs, wantRows };
}

function sqlSource(obj: Json): { sql: string | undefined; sqlId: number | undefined } {
  const sql = obj.sql == null ? undefined : string(obj.sql, 'sql');
  const sqlId = obj.sql_id == null ? undefined : int32(obj.sql_id, 'sql_id');
  if ((sql === undefined) === (sqlId === undefined)) {
    throw new ProtocolError('Exactly one of "sql" and "sql_id" must be given');
  }
  return { sql, sqlId };
}

function baton(raw: unknown): string | null {
  return raw == null ? null : string(raw, 'baton');
}

function object(raw: unknown, what: string): Json {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ProtocolError(`${what} must be a JSON object`);
  }
  return raw as Json;
}

function array(raw: unknown, field: string): unknown[] {
  if (!Array.isArray(raw)) throw new ProtocolError(`"${field}" must be an array`);
  return raw;
}

function string(raw: unknown, field: string): string {
  if (typeof raw !== 'string') throw new ProtocolError(`"${field}" must be a string`);
  return raw;
}

function int32(raw: unknown, field: string): number {
  if (!Number.isInteger(raw) || (raw as number) < -(2 ** 31) || (raw as number) >= 2 ** 31) {
    throw new ProtocolError(`"${field}" must be a 32-bit integer`);
  }
  return raw as number;
}

function uint32(raw: unknown, field: string): number {
  if (!Number.isInteger(raw) || (raw as number) < 0 || (raw as number) >= 2 ** 32) {
    throw new ProtocolError(`"${field}" must be an unsigned 32-bit integer`);
  }
  return raw as number;
}
