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
 * Whether more SQL follows the first statement; SQLite would silently run
 * only the first. Trigger bodies contain semicolons, so CREATE TRIGGER is
 * never flagged.
 */
export function hasTrailingStatement(sql: string): boolean {
  if (/^CREATE\s+(?:TEMP\s+|TEMPORARY\s+)?TRIGGER\b/i.test(sql.slice(skipTrivia(sql, 0)))) return false;
  let i = 0;
  while (i < sql.length) {
    const next = skipTrivia(sql, i);
    if (next !== i) {
      i = next;
      continue;
    }
    const c = sql[i];
    if (c === ';') {
      let rest = skipTrivia(sql, i + 1);
      while (sql[rest] === ';') rest = skipTrivia(sql, rest + 1);
      return rest < sql.length;
    }
    i = c === "'" || c === '"' || c === '`' || c === '[' ? skipQuoted(sql, i) : i + 1;
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
  const indexByName = new Map<string, number>();
  let i = 0;
  while (i < sql.length) {
    const next = skipTrivia(sql, i);
    if (next !== i) {
      i = next;
      continue;
    }
    const c = sql[i];
    if (c === '?') {
      let end = i + 1;
      while (end < sql.length && isDigit(sql.charCodeAt(end))) end++;
      if (end > i + 1) {
        const index = Number(sql.slice(i + 1, end));
        while (names.length < index) names.push(null);
        names[index - 1] = sql.slice(i, end);
      } else {
        names.push(null);
      }
      i = end;
    } else if (c === ':' || c === '@' || c === '$') {
      let end = i + 1;
      while (end < sql.length && (isWordChar(sql.charCodeAt(end)) || (c === '$' && sql.startsWith('::', end)))) {
        end += sql.startsWith('::', end) ? 2 : 1;
      }
      if (end > i + 1) {
        const name = sql.slice(i, end);
        if (!indexByName.has(name)) {
          names.push(name);
          indexByName.set(name, names.length);
        }
      }
      i = end;
    } else if (isWordChar(sql.charCodeAt(i))) {
      // Identifiers may contain `$`; consume whole words so it is not taken for a parameter.
      while (i < sql.length && (isWordChar(sql.charCodeAt(i)) || sql[i] === '$')) i++;
    } else if (c === "'" || c === '"' || c === '`' || c === '[') {
      i = skipQuoted(sql, i);
    } else {
      i++;
    }
  }
  return names;
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
