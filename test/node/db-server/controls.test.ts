import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Stats } from '../../../db-server/server.ts';
import { type Harness, startHarness } from './harness.ts';

describe('db-server auth', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ authToken: 'secret-token' });
  });
  afterAll(() => h.stop());

  it('accepts the right bearer token and rejects a wrong or missing one with 401', async () => {
    const good = await h.client({ authToken: 'secret-token' }).execute('SELECT 1 AS one');
    expect(good.rows[0]?.one).toBe(1);
    await expect(h.client({ authToken: 'wrong' }).execute('SELECT 1')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const anonymous = await fetch(`${h.server.url}/v2/pipeline`, { method: 'POST', body: '{"requests":[]}' });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('db-server stats, latency and stream expiry', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ streamTimeoutMs: 300 });
    await h.client().execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  });
  afterAll(() => h.stop());

  it('counts one pipeline request for a warm client batch and every statement served', async () => {
    const client = h.client();
    await client.execute('SELECT 1');
    await fetch(`${h.server.url}/stats/reset`, { method: 'POST' }).then((r) => r.arrayBuffer());
    await client.batch(["INSERT INTO t (v) VALUES ('a')", "INSERT INTO t (v) VALUES ('b')"], 'deferred');
    const stats = await (await fetch(`${h.server.url}/stats`)).json();
    // BEGIN, two inserts, COMMIT; the conditional ROLLBACK is skipped.
    expect(stats).toMatchObject({ pipelineRequests: 1, statements: 4 });
    h.server.resetStats();
    expect(h.server.stats()).toMatchObject({ pipelineRequests: 0, statements: 0 });
  });

  it('counts every HTTP request in `requests`, probes and refused ones included, but not reads of /stats', async () => {
    const statsRequests = async () => ((await (await fetch(`${h.server.url}/stats`)).json()) as Stats).requests;
    const before = await statsRequests();
    for (const path of ['/v2', '/v3', '/health', '/v3-protobuf', '/no-such-endpoint']) {
      await fetch(`${h.server.url}${path}`).then((r) => r.arrayBuffer());
    }
    await h.client().execute('SELECT 1');
    // Reading the counters twice more must not move them.
    await statsRequests();
    expect(await statsRequests()).toBe(before + 6);
    expect(h.server.stats().requests).toBe(before + 6);
  });

  it('holds responses for the configured latency, and no longer once it is back to 0', async () => {
    // Large next to a loopback round trip, even on a 2-core machine kept busy by
    // other jobs (where one took up to a few hundred ms), so the prompt answer's
    // bound below is about the latency, not about machine speed.
    const LATENCY_MS = 2_000;
    const client = h.client();
    const timed = async () => {
      const started = performance.now();
      await client.execute('SELECT 1');
      return performance.now() - started;
    };
    await client.execute('SELECT 1');
    h.server.setLatencyMs(LATENCY_MS);
    let held: number;
    try {
      held = await timed();
    } finally {
      h.server.setLatencyMs(0);
    }
    const prompt = await timed();
    expect(held).toBeGreaterThanOrEqual(LATENCY_MS - 5);
    expect(prompt).toBeLessThan(LATENCY_MS);
  });

  it('expires an abandoned stream and rolls back its open transaction', async () => {
    const abandoned = h.client();
    const tx = await abandoned.transaction('write');
    await tx.execute("INSERT INTO t (v) VALUES ('abandoned')");
    // The open write transaction would block this batch until the stream expires.
    const other = h.client();
    await other.batch(["INSERT INTO t (v) VALUES ('after')"], 'write');
    const rows = await other.execute("SELECT v FROM t WHERE v IN ('abandoned', 'after')");
    expect(rows.rows.map((row) => row.v)).toEqual(['after']);
    expect(h.server.stats().expiredStreams).toBeGreaterThanOrEqual(1);
    await expect(tx.commit()).rejects.toMatchObject({ code: 'STREAM_EXPIRED' });
  });
});

describe('db-server lock waits', () => {
  /** Long enough that committing the holder always fits inside a waiter's wait, even on a busy machine. */
  const BUSY_TIMEOUT_MS = 1_000;
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ busyTimeoutMs: BUSY_TIMEOUT_MS });
    await h.client().execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  });
  afterAll(() => h.stop());

  it('waits for a write transaction held across requests, then gives up with SQLITE_BUSY', async () => {
    const holder = await h.client().transaction('write');
    await holder.execute("INSERT INTO t (v) VALUES ('held')");
    const started = performance.now();
    const blocked = h.client().batch(["INSERT INTO t (v) VALUES ('blocked')"], 'write');
    await expect(blocked).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(BUSY_TIMEOUT_MS - 10);
    expect(h.server.stats().lockWaits).toBeGreaterThan(0);

    const waitsBefore = h.server.stats().lockWaits;
    const waiting = h.client().batch(["INSERT INTO t (v) VALUES ('waited')"], 'deferred');
    // The holder commits only once the server has parked the batch behind its lock:
    // the order is explicit, not left to a sleep racing the server.
    await vi.waitFor(() => expect(h.server.stats().lockWaits).toBeGreaterThan(waitsBefore), {
      timeout: BUSY_TIMEOUT_MS / 2,
      interval: 5,
    });
    await holder.commit();
    await waiting;
    const rows = await h.client().execute('SELECT v FROM t ORDER BY id');
    expect(rows.rows.map((row) => row.v)).toEqual(['held', 'waited']);
  });
});
