import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

describe('db-server value encoding', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.client().execute('CREATE TABLE v (id INTEGER PRIMARY KEY, i INTEGER, f REAL, t TEXT, b BLOB, n)');
  });
  afterAll(() => h.stop());

  it('round-trips null, 64-bit integers, floats, unicode text and blobs', async () => {
    const client = h.client({ intMode: 'bigint' });
    const cases: Array<[bigint, number, string, Uint8Array]> = [
      [2n ** 53n + 1n, 1.5, 'plain', new Uint8Array([0, 1, 255])],
      [2n ** 63n - 1n, -0.1, 'žluťoučký kůň 🐴 日本語', new Uint8Array([])],
      [-(2n ** 63n), 1e308, 'quote \' and " and \\n', new Uint8Array(1000).fill(7)],
    ];
    for (const [i, f, t, b] of cases) {
      await client.execute({ sql: 'INSERT INTO v (i, f, t, b, n) VALUES (?, ?, ?, ?, ?)', args: [i, f, t, b, null] });
    }
    const result = await client.execute('SELECT i, f, t, b, n, typeof(i) AS ti, typeof(f) AS tf FROM v ORDER BY id');
    expect(result.columns).toEqual(['i', 'f', 't', 'b', 'n', 'ti', 'tf']);
    expect(result.columnTypes).toEqual(['INTEGER', 'REAL', 'TEXT', 'BLOB', '', '', '']);
    result.rows.forEach((row, k) => {
      const [i, f, t, b] = cases[k] as [bigint, number, string, Uint8Array];
      expect(row.i).toBe(i);
      expect(row.f).toBe(f);
      expect(row.t).toBe(t);
      expect(new Uint8Array(row.b as ArrayBuffer)).toEqual(b);
      expect(row.n).toBeNull();
      expect([row.ti, row.tf]).toEqual(['integer', 'real']);
    });
  });

  it('reports affected rows and exact last_insert_rowid beyond 2^53', async () => {
    const client = h.client({ intMode: 'bigint' });
    const big = 2n ** 60n + 3n;
    const inserted = await client.execute({ sql: 'INSERT INTO v (id, i) VALUES (?, 1)', args: [big] });
    expect(inserted.rowsAffected).toBe(1);
    expect(inserted.lastInsertRowid).toBe(big);
    const returning = await client.execute('INSERT INTO v (i) VALUES (2), (3) RETURNING id, i');
    expect(returning.rowsAffected).toBe(2);
    expect(returning.rows.map((row) => row.i)).toEqual([2n, 3n]);
    const updated = await client.execute('UPDATE v SET t = NULL WHERE i IN (1, 2, 3)');
    expect(updated.rowsAffected).toBe(3);
    const selected = await client.execute('SELECT count(*) AS c FROM v');
    expect(selected.rowsAffected).toBe(0);
  });

  it('binds named arguments with or without their prefix, and positional ?NNN', async () => {
    const client = h.client({ intMode: 'number' });
    const named = await client.execute({
      sql: 'SELECT :a AS a, @b AS b, $c AS c, :a + 1 AS d',
      args: { a: 1, '@b': 'x', c: null },
    });
    expect(named.rows[0]).toMatchObject({ a: 1, b: 'x', c: null, d: 2 });
    const numbered = await client.execute({ sql: 'SELECT ?2 AS two, ?1 AS one', args: ['first', 'second'] });
    expect(numbered.rows[0]).toMatchObject({ two: 'second', one: 'first' });
  });

  it('returns integers as numbers in the default intMode when they fit', async () => {
    const result = await h.client().execute('SELECT 42 AS answer, 0.5 AS half');
    expect(result.rows[0]).toMatchObject({ answer: 42, half: 0.5 });
  });
});
