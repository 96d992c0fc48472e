import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, postRaw, startHarness } from './harness.ts';

const exec = (sql: string, args: unknown[] = []) => ({ type: 'execute', stmt: { sql, args } });

describe('db-server Hrana protocol edges', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  it('answers bad JSON, unknown request types, bad values and unknown paths with Hrana errors, then keeps serving', async () => {
    const pipeline = `${h.server.url}/v2/pipeline`;
    const badJson = await postRaw(pipeline, '{"requests": [');
    expect(badJson).toMatchObject({ status: 400, type: 'application/json', json: { code: 'INVALID_JSON' } });
    const unknownType = await postRaw(pipeline, { baton: null, requests: [{ type: 'bogus' }] });
    expect(unknownType.status).toBe(400);
    expect(unknownType.json).toMatchObject({ code: 'PROTOCOL_ERROR', message: expect.stringContaining('bogus') });
    const badValue = await postRaw(pipeline, { requests: [exec('SELECT ?', [{ type: 'integer', value: '1e3' }])] });
    expect(badValue.status).toBe(400);
    const notObject = await postRaw(pipeline, [1, 2]);
    expect(notObject.status).toBe(400);
    const unknownPath = await postRaw(`${h.server.url}/v9/nothing`, {});
    expect(unknownPath).toMatchObject({ status: 404, json: { code: 'NOT_FOUND' } });
    const wrongMethod = await fetch(pipeline);
    expect(wrongMethod.status).toBe(405);
    await wrongMethod.arrayBuffer();

    const ok = await postRaw(pipeline, { baton: null, requests: [exec('SELECT 1'), { type: 'close' }] });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({
      baton: null,
      results: [{ type: 'ok' }, { type: 'ok', response: { type: 'close' } }],
    });
  });

  it('carries a stream across requests with single-use batons', async () => {
    const pipeline = `${h.server.url}/v3/pipeline`;
    const first = await postRaw(pipeline, {
      baton: null,
      requests: [{ type: 'store_sql', sql_id: 1, sql: 'SELECT ? AS v' }, exec('BEGIN'), { type: 'get_autocommit' }],
    });
    const baton = first.json.baton as string;
    expect(typeof baton).toBe('string');
    expect((first.json.results as unknown[])[2]).toMatchObject({ response: { is_autocommit: false } });

    const second = await postRaw(pipeline, {
      baton,
      requests: [
        { type: 'execute', stmt: { sql_id: 1, args: [{ type: 'text', value: 'stored' }] } },
        { type: 'describe', sql: 'SELECT :x AS a, ?3' },
        { type: 'store_sql', sql_id: 1, sql: 'SELECT 2' },
        { type: 'execute', stmt: { sql_id: 99 } },
      ],
    });
    const results = second.json.results as Array<Record<string, unknown>>;
    expect(results[0]).toMatchObject({ response: { result: { rows: [[{ type: 'text', value: 'stored' }]] } } });
    expect(results[1]).toMatchObject({
      response: { result: { params: [{ name: ':x' }, { name: null }, { name: '?3' }], is_readonly: true } },
    });
    expect(results[2]).toMatchObject({ type: 'error', error: { code: 'SQL_ID_IN_USE' } });
    expect(results[3]).toMatchObject({ type: 'error', error: { code: 'SQL_NOT_FOUND' } });
    expect(second.json.baton).not.toBe(baton);

    const reused = await postRaw(pipeline, { baton, requests: [exec('SELECT 1')] });
    expect(reused).toMatchObject({ status: 400, json: { code: 'STREAM_EXPIRED' } });

    const closing = await postRaw(pipeline, {
      baton: second.json.baton,
      requests: [{ type: 'close' }, exec('SELECT 1')],
    });
    expect(closing.json).toMatchObject({
      baton: null,
      results: [{ type: 'ok' }, { type: 'error', error: { code: 'STREAM_CLOSED' } }],
    });
  });

  it('evaluates batch conditions (ok, error, not, and, or, is_autocommit)', async () => {
    const step = (sql: string, condition?: unknown) => ({ stmt: { sql }, condition });
    const response = await postRaw(`${h.server.url}/v3/pipeline`, {
      baton: null,
      requests: [
        {
          type: 'batch',
          batch: {
            steps: [
              step('SELECT 1'),
              step('SELEC 2'),
              step('SELECT 3', { type: 'error', step: 1 }),
              step('SELECT 4', { type: 'ok', step: 1 }),
              step('SELECT 5', {
                type: 'and',
                conds: [
                  { type: 'ok', step: 0 },
                  { type: 'not', cond: { type: 'ok', step: 3 } },
                ],
              }),
              step('SELECT 6', {
                type: 'or',
                conds: [
                  { type: 'ok', step: 3 },
                  { type: 'ok', step: 1 },
                ],
              }),
              step('SELECT 7', { type: 'is_autocommit' }),
            ],
          },
        },
        { type: 'close' },
      ],
    });
    const batch = (response.json.results as Array<{ response: { result: Record<string, unknown[]> } }>)[0]?.response
      .result;
    const ran = batch?.step_results?.map((r) => r !== null);
    expect(ran).toEqual([true, false, true, false, true, false, true]);
    expect(batch?.step_errors?.[1]).toMatchObject({ code: 'SQLITE_UNKNOWN' });
  });

  it('serves a batch through the v3 cursor endpoint', async () => {
    const response = await fetch(`${h.server.url}/v3/cursor`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        baton: null,
        batch: { steps: [{ stmt: { sql: 'SELECT 1 AS one UNION ALL SELECT 2' } }, { stmt: { sql: 'NOPE' } }] },
      }),
    });
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(typeof lines[0].baton).toBe('string');
    expect(lines.slice(1).map((entry) => entry.type)).toEqual(['step_begin', 'row', 'row', 'step_end', 'step_error']);
    await postRaw(`${h.server.url}/v3/pipeline`, { baton: lines[0].baton, requests: [{ type: 'close' }] });
  });

  it('answers the version probes the client may send', async () => {
    for (const [path, status] of [
      ['/v2', 200],
      ['/v3', 200],
      ['/v3-protobuf', 404],
    ] as const) {
      const response = await fetch(`${h.server.url}${path}`);
      await response.arrayBuffer();
      expect(response.status, path).toBe(status);
    }
  });
});
