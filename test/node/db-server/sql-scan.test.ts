import { describe, expect, it } from 'vitest';
import { hasTrailingStatement, parameterNames } from '../../../db-server/sql-scan.ts';

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
});
