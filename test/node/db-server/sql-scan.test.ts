import { describe, expect, it } from 'vitest';
import {
  changesSessionState,
  hasTrailingStatement,
  parameterNames,
  refusedStatement,
} from '../../../db-server/sql-scan.ts';

describe('reading SQL text without running it', () => {
  it('flags SQL after the first statement, but not trailing semicolons or comments', () => {
    expect(hasTrailingStatement('SELECT 1; SELECT 2')).toBe(true);
    expect(hasTrailingStatement('SELECT 1;; /* done */ ; -- end')).toBe(false);
    expect(hasTrailingStatement('SELECT 1')).toBe(false);
  });

  it('ignores semicolons inside strings, quoted identifiers and comments', () => {
    expect(hasTrailingStatement(`SELECT 'a;b', "c;d", [e;f], \`g;h\` -- ; SELECT 2`)).toBe(false);
    expect(hasTrailingStatement("SELECT 'it''s; fine' /* ; SELECT 2 */")).toBe(false);
  });

  it('never flags CREATE TRIGGER, whose body holds semicolons', () => {
    expect(hasTrailingStatement('CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN DELETE FROM b; END')).toBe(false);
  });

  it('numbers parameters as SQLite does', () => {
    expect(parameterNames('SELECT ?, ?3, :a, @b, :a, $c::d')).toEqual([null, null, '?3', ':a', '@b', '$c::d']);
  });

  it('skips parameter-like text in strings, comments and identifiers', () => {
    expect(parameterNames('SELECT \':x\', "?" /* :y */, price$usd, ? -- @z')).toEqual([null]);
  });

  it('finds ATTACH, DETACH and load_extension calls in any statement of the text', () => {
    expect(refusedStatement("ATTACH DATABASE '/tmp/x.db' AS x")).toBe('ATTACH');
    expect(refusedStatement("SELECT 1; /* c */ attach '/tmp/x.db' AS x")).toBe('ATTACH');
    expect(refusedStatement('EXPLAIN QUERY PLAN DETACH x')).toBe('DETACH');
    expect(refusedStatement("SELECT load_extension('/tmp/x')")).toBe('load_extension');
    expect(refusedStatement('SELECT "LOAD_EXTENSION" (\'/tmp/x\')')).toBe('load_extension');
    expect(refusedStatement("CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT load_extension('x'); END")).toBe(
      'load_extension',
    );
  });

  it('does not refuse those words as strings, comments or column names', () => {
    for (const sql of [
      "SELECT 'ATTACH x', 'load_extension(1)'",
      'SELECT attach, detach FROM t -- ATTACH',
      'SELECT load_extension FROM t',
      "INSERT INTO notes (body) VALUES ('load_extension(x)')",
    ]) {
      expect(refusedStatement(sql), sql).toBeUndefined();
    }
  });

  it('tells statements that leave state on the connection: PRAGMAs and temporary objects', () => {
    for (const sql of [
      'PRAGMA query_only = ON',
      ' /* c */ pragma busy_timeout = 1',
      'CREATE TEMP TABLE x (a)',
      'create temporary view v AS SELECT 1',
      'CREATE TABLE temp.x (a)',
      'CREATE INDEX "temp".i ON x (a)',
      'CREATE TRIGGER IF NOT EXISTS [temp].tr AFTER INSERT ON x BEGIN SELECT 1; END',
    ]) {
      expect(changesSessionState(sql), sql).toBe(true);
    }
    for (const sql of [
      'CREATE TABLE x (temp INTEGER)',
      'CREATE INDEX temp ON x (a)',
      "SELECT 'PRAGMA'",
      'INSERT INTO temp VALUES (1)',
    ]) {
      expect(changesSessionState(sql), sql).toBe(false);
    }
  });
});
