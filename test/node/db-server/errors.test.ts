/**
 * Failed statements are answered as sqld (and so Turso) answers them: the
 * primary result code and `SQLite error: <SQLite's message>`. The Worker reads
 * constraint names from that message, so the last test reads one through the
 * client and src/db/errors.ts, as a service does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { constraintViolation, isViolationOf } from '../../../src/db/errors.ts';
import { type Harness, postRaw, startHarness } from './harness.ts';

const execute = (sql: string) => ({ type: 'execute', stmt: { sql } });

describe('db-server error shape', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.client().executeMultiple(`
      CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE item (
        id INTEGER PRIMARY KEY,
        sku TEXT NOT NULL UNIQUE,
        stock INTEGER NOT NULL CONSTRAINT item_stock_non_negative CHECK (stock >= 0),
        parent_id INTEGER REFERENCES parent (id)
      );
      INSERT INTO item (sku, stock) VALUES ('a', 1);
    `);
  });
  afterAll(() => h.stop());

  it('answers a refused statement with SQLITE_CONSTRAINT and "SQLite error: <message>", never an extended code', async () => {
    const { json } = await postRaw(`${h.server.url}/v3/pipeline`, {
      requests: [
        execute("UPDATE item SET stock = -1 WHERE sku = 'a'"),
        execute("INSERT INTO item (sku, stock) VALUES ('a', 1)"),
        execute('INSERT INTO item (sku, stock) VALUES (NULL, 1)'),
        execute("INSERT INTO item (sku, stock, parent_id) VALUES ('b', 1, 99)"),
        { type: 'close' },
      ],
    });
    const errors = (json.results as Array<{ error?: unknown }>).slice(0, 4).map((result) => result.error);
    expect(errors).toEqual([
      { code: 'SQLITE_CONSTRAINT', message: 'SQLite error: CHECK constraint failed: item_stock_non_negative' },
      { code: 'SQLITE_CONSTRAINT', message: 'SQLite error: UNIQUE constraint failed: item.sku' },
      { code: 'SQLITE_CONSTRAINT', message: 'SQLite error: NOT NULL constraint failed: item.sku' },
      { code: 'SQLITE_CONSTRAINT', message: 'SQLite error: FOREIGN KEY constraint failed' },
    ]);
  });

  it('answers batch step errors in the same shape, and SQLITE_ERROR as sqld names it, SQLITE_UNKNOWN', async () => {
    const { json } = await postRaw(`${h.server.url}/v2/pipeline`, {
      requests: [
        { type: 'batch', batch: { steps: [{ stmt: { sql: "UPDATE item SET stock = -5 WHERE sku = 'a'" } }] } },
        execute('SELEC 1'),
        execute('SELECT * FROM missing_table'),
        { type: 'close' },
      ],
    });
    const [batch, syntax, missing] = json.results as Array<{
      response?: { result?: { step_errors?: unknown[] } };
      error?: unknown;
    }>;
    expect(batch?.response?.result?.step_errors?.[0]).toEqual({
      code: 'SQLITE_CONSTRAINT',
      message: 'SQLite error: CHECK constraint failed: item_stock_non_negative',
    });
    expect(syntax?.error).toEqual({ code: 'SQLITE_UNKNOWN', message: 'SQLite error: near "SELEC": syntax error' });
    expect(missing?.error).toEqual({ code: 'SQLITE_UNKNOWN', message: 'SQLite error: no such table: missing_table' });
  });

  it('leaves the constraint name readable by the Worker through @libsql/client', async () => {
    const refused = await h
      .client()
      .batch(
        ["INSERT INTO item (sku, stock) VALUES ('c', 1)", "UPDATE item SET stock = stock - 2 WHERE sku = 'c'"],
        'write',
      )
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'SQLITE_CONSTRAINT' });
    expect(constraintViolation(refused)).toEqual({ kind: 'check', target: 'item_stock_non_negative' });
    const duplicate = await h
      .client()
      .execute("INSERT INTO item (sku, stock) VALUES ('a', 1)")
      .catch((error: unknown) => error);
    expect(isViolationOf(duplicate, 'unique', 'item.sku')).toBe(true);
  });
});
