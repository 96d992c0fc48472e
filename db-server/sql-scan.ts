/**
 * Minimal lexical scanning of SQL text. The libsql binding does not expose
 * sqlite3_bind_parameter_name or sqlite3_stmt_readonly, so the few facts the
 * server needs (parameter names, the leading keyword) are read from the text,
 * skipping string literals, quoted identifiers and comments the way SQLite's
 * tokenizer does.
 */

/** The first keyword of the statement, upper-cased ('' when there is none). */
export function leadingKeyword(sql: string): string {
  let i = skipTrivia(sql, 0);
  const start = i;
  while (i < sql.length && isWordChar(sql.charCodeAt(i))) i++;
  return sql.slice(start, i).toUpperCase();
}

/** Statements that never take the write lock (BEGIN only when DEFERRED). */
const LOCK_FREE_KEYWORDS = new Set([
  'SELECT',
  'VALUES',
  'EXPLAIN',
  'COMMIT',
  'END',
  'ROLLBACK',
  'RELEASE',
  'SAVEPOINT',
  '',
]);

/** Whether running the statement may need the database write lock. Errs towards yes. */
export function mayTakeWriteLock(sql: string): boolean {
  const keyword = leadingKeyword(sql);
  if (keyword === 'BEGIN') return /^BEGIN\s+(?:IMMEDIATE|EXCLUSIVE)\b/i.test(sql.slice(skipTrivia(sql, 0)));
  return !LOCK_FREE_KEYWORDS.has(keyword);
}

/**
 * What the server refuses to run in `sql`, or undefined: ATTACH and DETACH
 * (a statement of their own, possibly after EXPLAIN) reach files other than
 * the one database, and load_extension runs native code. The libsql binding's
 * authorizer also denies transactions, pragmas and functions, so the text is
 * read instead.
 */
export function refusedStatement(sql: string): 'ATTACH' | 'DETACH' | 'load_extension' | undefined {
  let atStart = true;
  let previous: string | undefined;
  for (const token of sqlTokens(sql)) {
    if (token.kind === 'semicolon') {
      atStart = true;
      continue;
    }
    if (token.kind === 'other' && sql[token.start] === '(' && previous === 'LOAD_EXTENSION') return 'load_extension';
    const name = token.kind === 'word' || token.kind === 'quoted' ? unquoted(sql, token).toUpperCase() : undefined;
    previous = name;
    if (!atStart || token.kind !== 'word') continue;
    if (name === 'ATTACH' || name === 'DETACH') return name;
    atStart = name === 'EXPLAIN' || name === 'QUERY' || name === 'PLAN';
  }
  return undefined;
}

/**
 * Whether the statement may leave state on its connection that outlives the
 * stream: a PRAGMA (query_only, busy_timeout, foreign_keys, ...), a temporary
 * table, view, index or trigger (TEMP, or qualified by the `temp` schema), or
 * an attached database. Errs towards yes.
 */
export function changesSessionState(sql: string): boolean {
  const keyword = leadingKeyword(sql);
  if (keyword === 'PRAGMA' || keyword === 'ATTACH' || keyword === 'DETACH') return true;
  if (keyword !== 'CREATE') return false;
  const tokens = [...sqlTokens(sql)];
  return tokens.some((token, i) => {
    const text = unquoted(sql, token).toUpperCase();
    if (i === 1 && (text === 'TEMP' || text === 'TEMPORARY')) return true;
    const next = tokens[i + 1];
    return (text === 'TEMP' || text === 'TEMPORARY') && next !== undefined && sql[next.start] === '.';
  });
}

/** A word, or a quoted identifier without its quotes (doubled quotes are left as they are). */
function unquoted(sql: string, token: SqlToken): string {
  if (token.kind === 'quoted' && sql[token.start] !== "'") return sql.slice(token.start + 1, token.end - 1);
  return sql.slice(token.start, token.end);
}

/**
 * Whether more SQL follows the first statement; SQLite would silently run
 * only the first. Trigger bodies contain semicolons, so CREATE TRIGGER is
 * never flagged.
 */
export function hasTrailingStatement(sql: string): boolean {
  if (/^CREATE\s+(?:TEMP\s+|TEMPORARY\s+)?TRIGGER\b/i.test(sql.slice(skipTrivia(sql, 0)))) return false;
  let afterFirstStatement = false;
  for (const token of sqlTokens(sql)) {
    if (token.kind === 'semicolon') afterFirstStatement = true;
    else if (afterFirstStatement) return true;
  }
  return false;
}

/**
 * Parameter names by SQLite parameter index (entry 0 is parameter 1), numbered
 * as SQLite numbers them: `?` takes the next index, `?NNN` takes NNN, and a
 * repeated `:name` / `@name` / `$name` reuses its first index. Nameless `?`
 * parameters and unused indexes are null.
 */
export function parameterNames(sql: string): Array<string | null> {
  const names: Array<string | null> = [];
  const seen = new Set<string>();
  for (const token of sqlTokens(sql)) {
    if (token.kind === 'numbered') {
      const index = Number(sql.slice(token.start + 1, token.end));
      while (names.length < index) names.push(null);
      names[index - 1] = sql.slice(token.start, token.end);
    } else if (token.kind === 'anonymous') {
      names.push(null);
    } else if (token.kind === 'named') {
      const name = sql.slice(token.start, token.end);
      if (!seen.has(name)) {
        names.push(name);
        seen.add(name);
      }
    }
  }
  return names;
}

/**
 * A token of SQL text: a parameter (`?`, `?NNN`, `:name` / `@name` / `$name`),
 * a word (keyword or bare identifier), a string literal or quoted identifier,
 * a statement's closing `;`, or any other single character.
 */
type SqlToken = {
  kind: 'anonymous' | 'numbered' | 'named' | 'word' | 'quoted' | 'semicolon' | 'other';
  start: number;
  end: number;
};

/**
 * The tokens of `sql` in order, without whitespace and comments: the one scan
 * that every question about the text is answered from, so a `;` or `:name`
 * inside a string, a quoted identifier or a comment is never taken for SQL.
 */
function* sqlTokens(sql: string): Generator<SqlToken> {
  for (let start = skipTrivia(sql, 0); start < sql.length; ) {
    const token = tokenAt(sql, start);
    yield token;
    start = skipTrivia(sql, token.end);
  }
}

/** The token that starts at `i`, which is not whitespace or a comment. */
function tokenAt(sql: string, i: number): SqlToken {
  const c = sql[i];
  if (c === '?') {
    let end = i + 1;
    while (end < sql.length && isDigit(sql.charCodeAt(end))) end++;
    return { kind: end > i + 1 ? 'numbered' : 'anonymous', start: i, end };
  }
  if (c === ':' || c === '@' || c === '$') {
    let end = i + 1;
    while (end < sql.length && (isWordChar(sql.charCodeAt(end)) || (c === '$' && sql.startsWith('::', end)))) {
      end += sql.startsWith('::', end) ? 2 : 1;
    }
    return end > i + 1 ? { kind: 'named', start: i, end } : { kind: 'other', start: i, end };
  }
  if (isWordChar(sql.charCodeAt(i))) {
    // Identifiers may contain `$`; consume whole words so it is not taken for a parameter.
    let end = i;
    while (end < sql.length && (isWordChar(sql.charCodeAt(end)) || sql[end] === '$')) end++;
    return { kind: 'word', start: i, end };
  }
  if (c === "'" || c === '"' || c === '`' || c === '[') return { kind: 'quoted', start: i, end: skipQuoted(sql, i) };
  return { kind: c === ';' ? 'semicolon' : 'other', start: i, end: i + 1 };
}

/** Skips whitespace and comments starting at `i`. */
function skipTrivia(sql: string, i: number): number {
  for (;;) {
    while (i < sql.length && isSpace(sql.charCodeAt(i))) i++;
    if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else {
      return i;
    }
  }
}

/** Skips a string literal or quoted identifier; a doubled quote is an escaped quote. */
function skipQuoted(sql: string, i: number): number {
  const close = sql[i] === '[' ? ']' : (sql[i] as string);
  let j = i + 1;
  for (;;) {
    const end = sql.indexOf(close, j);
    if (end === -1) return sql.length;
    if (close !== ']' && sql[end + 1] === close) {
      j = end + 2;
      continue;
    }
    return end + 1;
  }
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isWordChar(code: number): boolean {
  return isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code >= 0x80;
}
