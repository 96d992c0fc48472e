/**
 * Pooled connections serve one client after another. Whatever a client set on
 * its connection (a PRAGMA, a temporary object) must not reach the next one.
 * Each client request here is one pipeline that closes its stream, so the
 * pool's one idle connection would serve them all if it were reused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

describe('db-server session state between clients', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.client().execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  });
  afterAll(() => h.stop());

  it('does not hand a connection left in PRAGMA query_only = ON to the next client', async () => {
    await h.client().execute('PRAGMA query_only = ON');
    await h.client().execute("INSERT INTO t (v) VALUES ('after query_only')");
    const rows = await h.client().execute("SELECT count(*) AS n FROM t WHERE v = 'after query_only'");
    expect(rows.rows[0]?.n).toBe(1);
  });

  it('does not pass a PRAGMA busy_timeout on to the next client', async () => {
    await h.client().execute('PRAGMA busy_timeout = 12345');
    const next = await h.client().execute('PRAGMA busy_timeout');
    expect(Object.values(next.rows[0] ?? {})).toEqual([0]);
  });

  it('does not pass a TEMP trigger on to the next client', async () => {
    await h
      .client()
      .execute(
        "CREATE TEMP TRIGGER refuse_inserts BEFORE INSERT ON t BEGIN SELECT RAISE(ABORT, 'left by another client'); END",
      );
    await h.client().execute("INSERT INTO t (v) VALUES ('after temp trigger')");
    const rows = await h.client().execute("SELECT count(*) AS n FROM t WHERE v = 'after temp trigger'");
    expect(rows.rows[0]?.n).toBe(1);
  });

  it('does not pass a table in the temp schema on to the next client', async () => {
    await h.client().execute('CREATE TABLE temp.scratch (x)');
    const next = await h.client().execute('SELECT count(*) AS n FROM temp.sqlite_schema');
    expect(next.rows[0]?.n).toBe(0);
  });

  it('keeps reusing connections that changed nothing', async () => {
    for (let i = 0; i < 5; i++) await h.client().execute('SELECT 1');
    expect(h.server.stats().connections).toBe(1);
  });
});
