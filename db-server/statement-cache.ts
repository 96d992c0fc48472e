import type Database from 'libsql';
import type { Col } from './hrana/results.ts';
import { changesSessionState, hasTrailingStatement, leadingKeyword, refusedStatement } from './sql-scan.ts';

type LibsqlDatabase = InstanceType<typeof Database>;
export type LibsqlStatement = ReturnType<LibsqlDatabase['prepare']>;

/** A prepared statement and the facts about it that do not change between runs. */
export interface PreparedEntry {
  stmt: LibsqlStatement;
  /** Returns rows (has result columns); such statements run in raw (array) mode. */
  reader: boolean;
  keyword: string;
  /** The text holds more than one statement, which Hrana `execute` rejects. */
  multiple: boolean;
  /** What the server refuses to run in it (ATTACH, DETACH, load_extension), if anything. */
  refused: ReturnType<typeof refusedStatement>;
  /** Running it may leave state on the connection (a PRAGMA, a temporary object). */
  changesSession: boolean;
  cols: Col[];
  /** Parameter names by index, computed on first need. */
  params: Array<string | null> | undefined;
}

/** Bumped whenever any connection may have changed the schema, so cached column lists are dropped. */
export interface SchemaClock {
  generation: number;
}

const CAPACITY = 256;

/** Prepared statements of one connection, keyed by SQL text, least recently used evicted first. */
export class StatementCache {
  readonly #db: LibsqlDatabase;
  readonly #schema: SchemaClock;
  readonly #entries = new Map<string, PreparedEntry>();
  #generation: number;

  constructor(db: LibsqlDatabase, schema: SchemaClock) {
    this.#db = db;
    this.#schema = schema;
    this.#generation = schema.generation;
  }

  get(sql: string): PreparedEntry {
    if (this.#generation !== this.#schema.generation) {
      this.#entries.clear();
      this.#generation = this.#schema.generation;
    }
    const cached = this.#entries.get(sql);
    if (cached !== undefined) {
      // Map order doubles as recency order.
      this.#entries.delete(sql);
      this.#entries.set(sql, cached);
      return cached;
    }
    const stmt = this.#db.prepare(sql);
    const reader = stmt.reader;
    if (reader) stmt.raw(true);
    const cols = stmt.columns().map((col) => ({ name: col.name, decltype: col.type }));
    const entry: PreparedEntry = {
      stmt,
      reader,
      keyword: leadingKeyword(sql),
      multiple: hasTrailingStatement(sql),
      refused: refusedStatement(sql),
      changesSession: changesSessionState(sql),
      cols,
      params: undefined,
    };
    this.#entries.set(sql, entry);
    if (this.#entries.size > CAPACITY) this.#entries.delete(this.#entries.keys().next().value as string);
    return entry;
  }

  clear(): void {
    this.#entries.clear();
  }
}
