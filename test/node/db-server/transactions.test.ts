import { LibsqlError } from '@libsql/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

const SCHEMA = `
  CREATE TABLE item (
    id INTEGER PRIMARY KEY,
    sku TEXT NOT NULL UNIQUE,
    stock INTEGER NOT NULL CHECK (stock >= 0)
  );
`;

describe('db-server batches and transactions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.client().executeMultiple(SCHEMA);
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    await h.client().execute('DELETE FROM item');
  });

  async function skus(): Promise<string[]> {
    const result = await h.client().execute('SELECT sku FROM item ORDER BY sku');
    return result.rows.map((row) => row.sku as string);
  }

  for (const mode of ['write', 'deferred'] as const) {
    it(`commits a whole ${mode} batch and returns every result`, async () => {
      const results = await h
        .client()
        .batch(
          [
            { sql: 'INSERT INTO item (sku, stock) VALUES (?, ?)', args: ['a', 1] },
            { sql: 'INSERT INTO item (sku, stock) VALUES (?, ?) RETURNING id', args: ['b', 2] },
            'SELECT count(*) AS n FROM item',
          ],
          mode,
        );
      expect(results).toHaveLength(3);
      expect(results[1]?.rows).toHaveLength(1);
      expect(results[2]?.rows[0]?.n).toBe(2);
      expect(await skus()).toEqual(['a', 'b']);
    });

    it(`rolls back a ${mode} batch when a CHECK fails in the middle`, async () => {
      const attempt = h
        .client()
        .batch(
          [
            "INSERT INTO item (sku, stock) VALUES ('a', 1)",
            "UPDATE item SET stock = stock - 5 WHERE sku = 'a'",
            "INSERT INTO item (sku, stock) VALUES ('c', 1)",
          ],
          mode,
        );
      await expect(attempt).rejects.toMatchObject({
        code: 'SQLITE_CONSTRAINT',
        message: expect.stringContaining('SQLite error: CHECK constraint failed'),
      });
      expect(await skus()).toEqual([]);
    });
  }

  it('runs a read batch and rolls it back when it tries to write', async () => {
    await h.client().execute("INSERT INTO item (sku, stock) VALUES ('a', 1)");
    const [read] = await h.client().batch(['SELECT sku FROM item'], 'read');
    expect(read?.rows.map((row) => row.sku)).toEqual(['a']);
    const writing = h.client().batch(["INSERT INTO item (sku, stock) VALUES ('b', 1)"], 'read');
    await expect(writing).rejects.toBeInstanceOf(LibsqlError);
    await expect(writing).rejects.toMatchObject({ code: 'SQLITE_READONLY' });
    expect(await skus()).toEqual(['a']);
  });

  it('reports UNIQUE violations with their code, message and the failing statement index', async () => {
    const attempt = h
      .client()
      .batch(
        ["INSERT INTO item (sku, stock) VALUES ('a', 1)", "INSERT INTO item (sku, stock) VALUES ('a', 2)"],
        'write',
      );
    await expect(attempt).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT',
      message: expect.stringContaining('SQLite error: UNIQUE constraint failed: item.sku'),
      statementIndex: 1,
    });
    expect(await skus()).toEqual([]);
  });

  it("reports syntax errors and unknown tables with SQLite's message (SQLITE_ERROR, which sqld calls SQLITE_UNKNOWN)", async () => {
    await expect(h.client().execute('SELEC 1')).rejects.toMatchObject({
      code: 'SQLITE_UNKNOWN',
      message: expect.stringContaining('syntax error'),
    });
    await expect(h.client().execute('SELECT * FROM missing_table')).rejects.toMatchObject({
      code: 'SQLITE_UNKNOWN',
      message: expect.stringContaining('no such table'),
    });
  });

  it('commits an interactive write transaction across requests', async () => {
    const client = h.client();
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO item (sku, stock) VALUES ('a', 1)");
    const inside = await tx.execute('SELECT count(*) AS n FROM item');
    expect(inside.rows[0]?.n).toBe(1);
    expect(await skus()).toEqual([]);
    await tx.commit();
    expect(await skus()).toEqual(['a']);
  });

  it('rolls back an interactive transaction, also after a failed statement', async () => {
    const tx = await h.client().transaction('deferred');
    await tx.execute("INSERT INTO item (sku, stock) VALUES ('a', 1)");
    await expect(tx.execute("UPDATE item SET stock = -1 WHERE sku = 'a'")).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT',
    });
    await tx.execute("INSERT INTO item (sku, stock) VALUES ('b', 1)");
    await tx.rollback();
    expect(await skus()).toEqual([]);
  });

  it('runs executeMultiple and a multi-statement migration', async () => {
    const client = h.client();
    await client.executeMultiple(`
      CREATE TABLE mig_a (id INTEGER PRIMARY KEY, name TEXT);
      CREATE INDEX mig_a_name ON mig_a (name);
      INSERT INTO mig_a (name) VALUES ('x'), ('y');
    `);
    await client.migrate([
      'CREATE TABLE mig_b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES mig_a (id))',
      'ALTER TABLE mig_a ADD COLUMN extra TEXT',
      'INSERT INTO mig_b (a_id) VALUES (1)',
    ]);
    const result = await client.execute('SELECT * FROM mig_a ORDER BY id');
    expect(result.columns).toEqual(['id', 'name', 'extra']);
    expect(result.rows).toHaveLength(2);
    const refs = await client.execute('SELECT count(*) AS n FROM mig_b');
    expect(refs.rows[0]?.n).toBe(1);
  });

  it('enforces foreign keys, even after a stream turned them off', async () => {
    const client = h.client();
    await client.execute('CREATE TABLE fk_parent (id INTEGER PRIMARY KEY)');
    await client.execute('CREATE TABLE fk_child (parent INTEGER NOT NULL REFERENCES fk_parent (id))');
    await client.execute('PRAGMA foreign_keys = OFF');
    await expect(client.execute('INSERT INTO fk_child VALUES (9)')).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT',
      message: expect.stringContaining('SQLite error: FOREIGN KEY constraint failed'),
    });
  });

  it('rejects several statements in one execute instead of running only the first', async () => {
    const client = h.client();
    await expect(
      client.execute("INSERT INTO item (sku, stock) VALUES ('a', 1); INSERT INTO item (sku, stock) VALUES ('b', 1)"),
    ).rejects.toMatchObject({ code: 'SQL_MULTIPLE_STATEMENTS' });
    await client.execute("INSERT INTO item (sku, stock) VALUES ('a', 1); -- trailing comment");
    await client.execute(`CREATE TRIGGER item_audit AFTER INSERT ON item BEGIN
      UPDATE item SET stock = stock WHERE id = NEW.id;
      SELECT 1;
    END`);
    await client.execute("INSERT INTO item (sku, stock) VALUES ('b', 1)");
    expect(await skus()).toEqual(['a', 'b']);
    await client.execute('DROP TRIGGER item_audit');
  });
});
