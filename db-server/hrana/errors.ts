/** A request the server cannot interpret; answered with HTTP 400 and a Hrana error body. */
export class ProtocolError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(message: string, code = 'PROTOCOL_ERROR', status = 400) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
    this.status = status;
  }
}

/** ATTACH, DETACH or load_extension, refused as SQLite's authorizer refuses a statement. */
export class RefusedStatement extends Error {
  readonly code = 'SQLITE_AUTH';

  constructor(what: string) {
    super(`not authorized: ${what} is refused; the local server serves one database file and loads no extension`);
    this.name = 'RefusedStatement';
  }
}

/** A statement returned rows for longer than the server's statement timeout and was abandoned. */
export class StatementTimeout extends Error {
  readonly code = 'SQLITE_INTERRUPT';

  constructor(timeoutMs: number) {
    super(`interrupted: the statement ran longer than the server's statement timeout (${timeoutMs} ms)`);
    this.name = 'StatementTimeout';
  }
}

/** SQLITE_BUSY or one of its extended codes: a lock held by another connection. */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** The Hrana `Error` structure. */
export interface HranaError {
  message: string;
  code: string;
}

/** SQLite's primary result code names have no underscore after the prefix: SQLITE_CONSTRAINT_CHECK -> SQLITE_CONSTRAINT. */
const PRIMARY_CODE = /^SQLITE_[A-Z]+/;
/**
 * The primary codes sqld names (sqlite_error_code, through rusqlite's
 * ErrorCode); any other, SQLITE_ERROR included, it reports as SQLITE_UNKNOWN.
 */
const SQLD_CODES = new Set([
  'SQLITE_INTERNAL',
  'SQLITE_PERM',
  'SQLITE_ABORT',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_NOMEM',
  'SQLITE_READONLY',
  'SQLITE_INTERRUPT',
  'SQLITE_IOERR',
  'SQLITE_CORRUPT',
  'SQLITE_NOTFOUND',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_PROTOCOL',
  'SQLITE_SCHEMA',
  'SQLITE_TOOBIG',
  'SQLITE_CONSTRAINT',
  'SQLITE_MISMATCH',
  'SQLITE_MISUSE',
  'SQLITE_NOLFS',
  'SQLITE_AUTH',
  'SQLITE_RANGE',
  'SQLITE_NOTADB',
]);

/**
 * Turns anything thrown while executing SQL into a Hrana error, shaped as
 * sqld (and so Turso) shapes it: the primary result code, never an extended
 * one, and the message `SQLite error: <SQLite's message>`
 * (stmt_error_from_sqld_error and sqlite_error_code in sqld's
 * hrana/stmt.rs). The Worker reads constraint names from that message.
 * sqld reports errors found while parsing or preparing (syntax, unknown
 * table) as SQL_PARSE_ERROR or SQL_INPUT_ERROR with an offset, which the
 * binding does not expose; here they keep the SQLite shape.
 */
export function toHranaError(error: unknown): HranaError {
  if (error instanceof ProtocolError) return { message: error.message, code: error.code };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    // The binding reports an empty statement as an "error" with code SQLITE_OK.
    if (code === 'SQLITE_OK') return { message: 'SQL text contains no statement', code: 'SQL_NO_STATEMENT' };
    const primary = typeof code === 'string' ? PRIMARY_CODE.exec(code)?.[0] : undefined;
    if (primary === undefined) return { message: error.message, code: 'INTERNAL_ERROR' };
    return { message: `SQLite error: ${error.message}`, code: SQLD_CODES.has(primary) ? primary : 'SQLITE_UNKNOWN' };
  }
  return { message: String(error), code: 'INTERNAL_ERROR' };
}
