/**
 * One client cannot take the server from the others: request size, statements
 * per request, streams kept open and the time one statement may run are all
 * bounded, and plain pipelines are served whatever else is open.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedDbServer, spawnDbServer } from '../../../db-server/spawn.ts';
import { type Harness, postRaw, startHarness } from './harness.ts';

const execute = (sql: string) => ({ type: 'execute', stmt: { sql } });
/** Rows without end. */
const RUNAWAY_ROWS = 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r';

describe('db-server request limits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.client().execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  });
  afterAll(() => h.stop());

  it('answers 413 to a body over 8 MiB, then keeps serving', async () => {
    const big = { requests: [execute(`SELECT '${'x'.repeat(9 * 1024 * 1024)}'`), { type: 'close' }] };
    const response = await postRaw(`${h.server.url}/v3/pipeline`, big);
    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({ code: 'BODY_TOO_LARGE' });
    expect((await h.client().execute('SELECT 1 AS one')).rows[0]?.one).toBe(1);
  });

  it('refuses a pipeline or cursor of more than 10,000 statements before running any of them', async () => {
    const insert = execute("INSERT INTO t (v) VALUES ('too many')");
    const pipeline = await postRaw(`${h.server.url}/v3/pipeline`, {
      requests: [...Array.from({ length: 10_000 }, () => insert), { type: 'close' }],
    });
    expect(pipeline.status).toBe(413);
    expect(pipeline.json).toMatchObject({ code: 'TOO_MANY_STATEMENTS' });
    const steps = Array.from({ length: 10_001 }, () => ({ stmt: insert.stmt }));
    const cursor = await postRaw(`${h.server.url}/v3/cursor`, { batch: { steps } });
    expect(cursor.status).toBe(413);
    const rows = await h.client().execute("SELECT count(*) AS n FROM t WHERE v = 'too many'");
    expect(rows.rows[0]?.n).toBe(0);
  });

  it('serves plain pipelines while unclosed cursors hold every stream they may', async () => {
    const batons: string[] = [];
    let refused = 0;
    for (let i = 0; i < 130; i++) {
      const response = await fetch(`${h.server.url}/v3/cursor`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ baton: null, batch: { steps: [{ stmt: { sql: 'SELECT 1' } }] } }),
      });
      const text = await response.text();
      if (response.status === 503) {
        expect(JSON.parse(text)).toMatchObject({ code: 'TOO_MANY_STREAMS' });
        refused++;
      } else {
        batons.push(JSON.parse(text.split('\n', 1)[0] as string).baton);
      }
    }
    expect(batons).toHaveLength(96);
    expect(refused).toBe(34);

    for (let i = 0; i < 40; i++) {
      const plain = await postRaw(`${h.server.url}/v3/pipeline`, {
        requests: [execute('SELECT 1'), { type: 'close' }],
      });
      expect(plain.json).toMatchObject({ results: [{ type: 'ok' }, { type: 'ok' }] });
    }
    await h.client().batch(["INSERT INTO t (v) VALUES ('while cursors are open')"], 'write');
    const refusedTx = await h.client().transaction('write');
    await expect(refusedTx.execute('SELECT 1')).rejects.toMatchObject({ code: 'TOO_MANY_STREAMS' });
    refusedTx.close();

    for (const baton of batons) await postRaw(`${h.server.url}/v3/pipeline`, { baton, requests: [{ type: 'close' }] });
    const tx = await h.client().transaction('write');
    await tx.execute("INSERT INTO t (v) VALUES ('after the cursors closed')");
    await tx.commit();
  });
});

describe('db-server limits on a runaway statement', () => {
  let dir: string;
  let server: SpawnedDbServer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'db-server-runaway-'));
    // A child process: a statement that is never stopped would block this test's own event loop.
    server = await spawnDbServer({ file: join(dir, 'runaway.db'), port: 0, statementTimeoutMs: 500 });
  });
  afterAll(async () => {
    await server.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  async function run(stmt: Record<string, unknown>): Promise<{ elapsedMs: number; result: unknown }> {
    const started = performance.now();
    const response = await fetch(`${server.url}/v3/pipeline`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requests: [{ type: 'execute', stmt }, { type: 'close' }] }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { results: unknown[] };
    return { elapsedMs: performance.now() - started, result: body.results[0] };
  }

  it('gives up on an endless recursive query after the statement timeout, then keeps serving', async () => {
    const { elapsedMs, result } = await run({ sql: RUNAWAY_ROWS, want_rows: false });
    expect(result).toMatchObject({
      type: 'error',
      error: { code: 'SQLITE_INTERRUPT', message: expect.stringMatching(/statement timeout \(500 ms\)/) },
    });
    expect(elapsedMs).toBeLessThan(5_000);
    const after = await run({ sql: 'SELECT 41 + 1' });
    expect(after.result).toMatchObject({ type: 'ok', response: { result: { rows: [[{ value: '42' }]] } } });
  });

  it('answers RESPONSE_TOO_LARGE, as sqld does, to rows past 10 MiB', async () => {
    const { elapsedMs, result } = await run({ sql: `SELECT n, '${'x'.repeat(1_000)}' FROM (${RUNAWAY_ROWS})` });
    expect(result).toMatchObject({ type: 'error', error: { code: 'RESPONSE_TOO_LARGE' } });
    expect(elapsedMs).toBeLessThan(5_000);
  });
});
