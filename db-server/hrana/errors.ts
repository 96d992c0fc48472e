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

/**
 * Turns anything thrown while executing SQL into a Hrana error. libSQL errors
 * keep their extended code (e.g. SQLITE_CONSTRAINT_UNIQUE) because the Worker
 * maps those codes to domain errors.
 */
export function toHranaError(error: unknown): HranaError {
  if (error instanceof ProtocolError) return { message: error.message, code: error.code };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    // The binding reports an empty statement as an "error" with code SQLITE_OK.
    if (code === 'SQLITE_OK') return { message: 'SQL text contains no statement', code: 'SQL_NO_STATEMENT' };
    return { message: error.message, code: typeof code === 'string' ? code : 'INTERNAL_ERROR' };
  }
  return { message: String(error), code: 'INTERNAL_ERROR' };
}
