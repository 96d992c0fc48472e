import Database from 'libsql';
import { isBusyError, ProtocolError, RefusedStatement, StatementTimeout } from './hrana/errors.ts';
import type { DescribeResult, StmtResult } from './hrana/results.ts';
import { encodeValue, type SqlValue } from './hrana/values.ts';
import { parameterNames, refusedStatement } from './sql-scan.ts';
import { type LibsqlStatement, type PreparedEntry, type SchemaClock, StatementCache } from './statement-cache.ts';

type LibsqlDatabase = InstanceType<typeof Database>;

/** Statements whose row count SQLite reports through changes(). */
const WRITE_KEYWORDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'REPLACE', 'WITH']);
/** Statements that return rows and never change rows. */
const QUERY_KEYWORDS = new Set(['SELECT', 'VALUES', 'PRAGMA', 'EXPLAIN']);
const SCHEMA_KEYWORDS = new Set(['CREATE', 'ALTER', 'DROP']);
/**
 * libSQL's `read` transaction mode. Plain SQLite parses READONLY as a
 * transaction name and would allow writes, so the server enforces it with
 * PRAGMA query_only for the duration of the transaction.
 */
const READONLY_BEGIN = /^\s*BEGIN\s+(?:DEFERRED\s+)?TRANSACTION\s+READONLY\s*;?\s*$/i;
/** The binding steps a statement's rows in batches of this many; the limits are checked as often. */
const ROW_BATCH = 100;

/**
 * Bounds on one statement's rows. The binding is synchronous and offers no
 * interrupt that another thread could call, so a statement is stopped only
 * between batches of rows: one that returns no row for a long time (an
 * aggregate over an endless recursive CTE) runs until it ends.
 */
export interface RowLimits {
  /** Rows still coming after this long fail the statement with SQLITE_INTERRUPT (0: no limit). */
  statementTimeoutMs: number;
  /** Rows past this many bytes fail the statement with RESPONSE_TOO_LARGE, as in sqld. */
  maxResponseBytes: number;
}

/** One libSQL connection with a prepared-statement cache keyed by SQL text. */
export class Connection {
  readonly #db: LibsqlDatabase;
  readonly #schema: SchemaClock;
  readonly #cache: StatementCache;
  readonly #counters: LibsqlStatement;
  #lastInsertRowid = 0n;
  #queryOnly = false;
  #stuck = false;
  readonly #limits: RowLimits;
  /** A PRAGMA, a temporary object or a sequence may have left state that outlives the stream. */
  #sessionChanged = false;

  constructor(file: string, schema: SchemaClock, limits: RowLimits) {
    // timeout 0: SQLite must never sleep inside a call, which would block the
    // event loop; lock waits happen asynchronously in the pipeline driver.
    this.#db = new Database(file, { timeout: 0 });
    this.#limits = limits;
    this.#db.defaultSafeIntegers(true);
    // WAL with synchronous=NORMAL: a commit is written to the WAL before it is
    // acknowledged, so it survives the server process being killed (the OS keeps
    // the written pages); only an OS crash or power loss can drop the last
    // commits. FULL would add an fsync per commit and cap throughput far below
    // the benchmark target.
    this.#db.exec('PRAGMA journal_mode = WAL');
    this.#db.exec('PRAGMA synchronous = NORMAL');
    // No checkpoint inside a commit: the server's checkpoint thread does them (checkpointer.ts).
    this.#db.exec('PRAGMA wal_autocheckpoint = 0');
    // Foreign keys are enforced, as the schema's REFERENCES clauses promise.
    this.#db.exec('PRAGMA foreign_keys = ON');
    this.#counters = this.#db.prepare('SELECT changes(), last_insert_rowid(), total_changes()').raw(true);
    this.#schema = schema;
    this.#cache = new StatementCache(this.#db, schema);
  }

  get inTransaction(): boolean {
    return this.#db.inTransaction;
  }

  /**
   * A statement failed with SQLITE_BUSY, or was given up on at a row limit.
   * SQLite leaves such a statement mid-execution until it is reset, the
   * binding offers no reset, and a connection with a statement in progress
   * cannot COMMIT; so the pool closes a stuck connection instead of reusing it.
   */
  get stuck(): boolean {
    return this.#stuck;
  }

  /**
   * Whether another connection holds the write lock. Uses exec(), which
   * finalizes its statement even when it fails, so probing leaves nothing stuck.
   */
  isWriteLockFree(): boolean {
    try {
      this.#db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      if (isBusyError(error)) return false;
      throw error;
    }
    this.#db.exec('ROLLBACK');
    return true;
  }

  /** Runs one statement with `args` given by SQLite parameter index (entry 0 is parameter 1). */
  execute(sql: string, args: SqlValue[], wantRows: boolean): StmtResult {
    try {
      if (READONLY_BEGIN.test(sql)) return this.#beginReadOnly();
      return this.#execute(sql, args, wantRows);
    } catch (error) {
      if (isBusyError(error)) this.#stuck = true;
      throw error;
    } finally {
      this.#endReadOnlyIfDone();
    }
  }

  #execute(sql: string, args: SqlValue[], wantRows: boolean): StmtResult {
    const entry = this.#cache.get(sql);
    if (entry.multiple) {
      throw new ProtocolError(
        'SQL text contains more than one statement; use a batch or a sequence',
        'SQL_MULTIPLE_STATEMENTS',
      );
    }
    if (entry.refused !== undefined) throw new RefusedStatement(entry.refused);
    if (entry.changesSession) this.#sessionChanged = true;
    if (!entry.reader) return this.#run(entry, args);
    // A row-returning statement may still write (INSERT ... RETURNING); total_changes()
    // tells whether it did, changes() by how much.
    const mayWrite = !QUERY_KEYWORDS.has(entry.keyword);
    const totalBefore = mayWrite ? this.#readCounters()[2] : 0n;
    const rows = this.#readRows(entry, args, wantRows);
    let affected = 0;
    if (mayWrite) {
      const [changes, rowid, total] = this.#readCounters();
      if (total !== totalBefore) {
        affected = Number(changes);
        this.#lastInsertRowid = rowid;
      }
    }
    return {
      cols: entry.cols,
      rows: rows.map((row) => row.map(encodeValue)),
      affected_row_count: affected,
      last_insert_rowid: this.#lastInsertRowid.toString(),
    };
  }

  /**
   * Steps through every row (kept only when `keep`), within the row limits.
   * A statement given up on is left mid-execution, so the connection is then
   * stuck and the pool closes it.
   */
  #readRows(entry: PreparedEntry, args: SqlValue[], keep: boolean): unknown[][] {
    const { statementTimeoutMs, maxResponseBytes } = this.#limits;
    const deadline = statementTimeoutMs > 0 ? performance.now() + statementTimeoutMs : Number.POSITIVE_INFINITY;
    const rows: unknown[][] = [];
    let bytes = 0;
    let count = 0;
    for (const row of entry.stmt.iterate(args) as Iterable<unknown[]>) {
      if (keep) {
        rows.push(row);
        for (const value of row) bytes += valueBytes(value);
        if (bytes > maxResponseBytes) this.#abandon(new ProtocolError('Response is too large', 'RESPONSE_TOO_LARGE'));
      }
      count++;
      if (count % ROW_BATCH === 0 && performance.now() > deadline) {
        this.#abandon(new StatementTimeout(statementTimeoutMs));
      }
    }
    return rows;
  }

  #abandon(error: Error): never {
    this.#stuck = true;
    throw error;
  }

  #run(entry: PreparedEntry, args: SqlValue[]): StmtResult {
    const result = entry.stmt.run(args) as { changes: number; lastInsertRowid: number | bigint };
    let affected = 0;
    if (WRITE_KEYWORDS.has(entry.keyword)) {
      affected = result.changes;
      // The binding returns the rowid as a double; re-read it exactly when it may be rounded.
      const rowid = result.lastInsertRowid;
      this.#lastInsertRowid =
        typeof rowid === 'bigint' ? rowid : Number.isSafeInteger(rowid) ? BigInt(rowid) : this.#readCounters()[1];
    } else if (SCHEMA_KEYWORDS.has(entry.keyword)) {
      this.#schema.generation++;
    }
    return {
      cols: entry.cols,
      rows: [],
      affected_row_count: affected,
      last_insert_rowid: this.#lastInsertRowid.toString(),
    };
  }

  #beginReadOnly(): StmtResult {
    this.#db.exec('BEGIN DEFERRED');
    this.#db.exec('PRAGMA query_only = ON');
    this.#queryOnly = true;
    return { cols: [], rows: [], affected_row_count: 0, last_insert_rowid: this.#lastInsertRowid.toString() };
  }

  #endReadOnlyIfDone(): void {
    if (!this.#queryOnly || this.#db.inTransaction) return;
    this.#db.exec('PRAGMA query_only = OFF');
    this.#queryOnly = false;
  }

  /** Runs semicolon-separated statements, ignoring their rows (Hrana `sequence`). */
  executeSequence(sql: string): void {
    const refused = refusedStatement(sql);
    if (refused !== undefined) throw new RefusedStatement(refused);
    this.#sessionChanged = true;
    try {
      this.#db.exec(sql);
    } finally {
      this.#endReadOnlyIfDone();
      // A sequence is usually a migration; assume it touched the schema.
      this.#schema.generation++;
      this.#lastInsertRowid = this.#readCounters()[1];
    }
  }

  describe(sql: string): DescribeResult {
    const entry = this.#cache.get(sql);
    entry.params ??= parameterNames(sql);
    const isExplain = entry.keyword === 'EXPLAIN';
    return {
      params: entry.params.map((name) => ({ name })),
      cols: entry.cols,
      is_explain: isExplain,
      is_readonly: isExplain || (entry.reader && QUERY_KEYWORDS.has(entry.keyword)) || isReadOnlyWith(entry, sql),
    };
  }

  /** Parameter names by index, computed once per cached statement. */
  parameterNames(sql: string): Array<string | null> {
    const entry = this.#cache.get(sql);
    entry.params ??= parameterNames(sql);
    return entry.params;
  }

  rollback(): void {
    if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
    this.#endReadOnlyIfDone();
  }

  /**
   * A PRAGMA, a temporary object or a sequence ran on this connection, so it
   * may differ from a fresh one in ways no reset can list (query_only,
   * busy_timeout, temp triggers); the pool closes it instead of reusing it.
   */
  get sessionChanged(): boolean {
    return this.#sessionChanged;
  }

  close(): void {
    this.#cache.clear();
    this.#db.close();
  }

  #readCounters(): [bigint, bigint, bigint] {
    return this.#counters.all([])[0] as [bigint, bigint, bigint];
  }
}

/** Roughly what a value adds to a response: its text or bytes, or 8 for a number. */
function valueBytes(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (value instanceof Uint8Array) return value.byteLength;
  return 8;
}

function isReadOnlyWith(entry: PreparedEntry, sql: string): boolean {
  return entry.keyword === 'WITH' && entry.reader && !/\b(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(sql);
}
