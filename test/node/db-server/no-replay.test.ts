/**
 * A pipeline whose earlier statement already committed (autocommit) must not
 * run that statement again when a later one waits for another process's
 * write lock: the acknowledged write happens exactly once.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import Database from 'libsql';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

let harness: Harness;
beforeAll(async () => {
  // A long lock wait allowed: on a busy machine the slow read may run far past its nominal length
  // before 'second' meets the lock, and the wait's deadline counts from the request's start.
  harness = await startHarness({ busyTimeoutMs: 120_000 });
});
afterAll(() => harness.stop());

/** A recursive count sized to keep the server busy for about `ms` on this machine. */
function slowReadSql(ms: number): string {
  const probe = new Database(':memory:');
  const rows = 1_000_000;
  // The fastest of three probes: a probe slowed by a busy moment would make the read too short
  // when the machine is quiet again, and the lock holder could then come after the whole pipeline.
  let perRow = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    probe
      .prepare(
        `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${rows}) SELECT count(*) FROM c`,
      )
      .get();
    perRow = Math.min(perRow, (performance.now() - started) / rows);
  }
  probe.close();
  const target = Math.max(rows, Math.round(ms / perRow));
  return `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${target}) SELECT count(*) FROM c`;
}

/**
 * Another process that waits until `table` holds a 'first' row (the pipeline's
 * first statement has committed), then takes the write lock and holds it until
 * the test calls `release()`. The order is explicit, not timed: `ready`
 * resolves once the process has opened the database, so the request is sent
 * only after the holder watches; the test releases the lock only once the
 * server has parked the blocked statement (or answered), so the lock cannot
 * end before the statement meets it however slow the machine; `locked` reports
 * whether the holder took the lock at all.
 */
function lockHolder(file: string, table: string) {
  const script = `
    const Database = require(${JSON.stringify(createRequire(import.meta.url).resolve('libsql'))});
    const db = new Database(${JSON.stringify(file)}, { timeout: 5000 });
    const seen = db.prepare("SELECT count(*) AS n FROM ${table} WHERE label = 'first'");
    let locked = false;
    const end = () => { if (locked) db.exec('ROLLBACK'); db.close(); process.exit(0); };
    process.stdin.on('data', end);
    setTimeout(end, 120000).unref();
    process.stdout.write('ready\\n');
    const poll = () => {
      if (seen.get().n === 0) return setTimeout(poll, 1);
      db.exec('BEGIN IMMEDIATE');
      locked = true;
      process.stdout.write('locked\\n');
    };
    poll();`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) resolve();
    });
    child.on('exit', () => reject(new Error('lock holder exited before it was ready')));
  });
  const done = new Promise<{ locked: boolean }>((resolve) =>
    child.on('exit', () => resolve({ locked: output.includes('locked') })),
  );
  const release = () => child.stdin.end('release\n');
  return { ready, done, release };
}

/**
 * The tests below need the holder to take the lock after 'first' committed and
 * before 'second' runs. The holder starts only once 'first' is visible, so it
 * can never come too early; it comes in time when it locks during the
 * pipeline's slow read. On a machine so busy that it came only after the whole
 * pipeline, the attempt proves nothing, so it is repeated with a longer read
 * until the lock was met, and the tests assert that it was. Each attempt
 * checks the exactly-once property.
 */
async function untilTheLockIsMet(attempt: (readMs: number, table: string) => Promise<boolean>): Promise<number> {
  for (const [index, readMs] of [4_000, 8_000, 16_000].entries()) {
    if (await attempt(readMs, `marks_${index}_${Date.now()}`)) return index + 1;
  }
  return 0;
}

/**
 * Sends a pipeline while `holder` watches, and releases the holder's lock once
 * the server has parked a statement behind it (lockWaits moved) or answered.
 */
async function pipelineAgainst(holder: ReturnType<typeof lockHolder>, requests: unknown[]) {
  const waitsBefore = harness.server.stats().lockWaits;
  const answer = fetch(`${harness.server.url}/v2/pipeline`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ baton: null, requests: [...requests, { type: 'close' }] }),
  });
  let answered = false;
  void answer.finally(() => {
    answered = true;
  });
  // The server's lock wait is asynchronous, so this check runs while 'second' is parked.
  await vi.waitFor(
    () => {
      if (!answered && harness.server.stats().lockWaits === waitsBefore) throw new Error('neither parked nor answered');
    },
    { timeout: 120_000, interval: 10 },
  );
  holder.release();
  const body = (await (await answer).json()) as { results: Array<{ type: string; error?: { code?: string } }> };
  const { locked } = await holder.done;
  return { body, locked, waited: harness.server.stats().lockWaits > waitsBefore };
}

it('runs an autocommitted write once even when a later statement of the pipeline waits for the lock', async () => {
  const client = harness.client();
  const attempts = await untilTheLockIsMet(async (readMs, table) => {
    await client.execute(`CREATE TABLE ${table} (label TEXT NOT NULL)`);
    const slowRead = slowReadSql(readMs);
    const holder = lockHolder(harness.file, table);
    await holder.ready;
    const { body, locked, waited } = await pipelineAgainst(holder, [
      { type: 'execute', stmt: { sql: `INSERT INTO ${table} VALUES ('first')` } },
      { type: 'execute', stmt: { sql: slowRead } },
      { type: 'execute', stmt: { sql: `INSERT INTO ${table} VALUES ('second')` } },
    ]);
    expect(locked).toBe(true);
    expect(body.results.map((result) => result.type)).toEqual(['ok', 'ok', 'ok', 'ok']);
    const rows = await client.execute(`SELECT label, count(*) AS n FROM ${table} GROUP BY label ORDER BY label`);
    expect(rows.rows.map((row) => [row.label, Number(row.n)])).toEqual([
      ['first', 1],
      ['second', 1],
    ]);
    // 'second' waited for the holder's lock: the case this test is about.
    return waited;
  });
  expect(attempts).toBeGreaterThan(0);
}, 150_000);

it('never reruns a sequence whose first statements already committed, even when a later one meets the lock', async () => {
  const client = harness.client();
  const attempts = await untilTheLockIsMet(async (readMs, table) => {
    await client.execute(`CREATE TABLE ${table} (label TEXT NOT NULL)`);
    const sequence = `INSERT INTO ${table} VALUES ('first'); ${slowReadSql(readMs)}; INSERT INTO ${table} VALUES ('second');`;
    const holder = lockHolder(harness.file, table);
    await holder.ready;
    const { body, locked, waited } = await pipelineAgainst(holder, [{ type: 'sequence', sql: sequence }]);
    expect(locked).toBe(true);
    const rows = await client.execute(`SELECT count(*) AS n FROM ${table} WHERE label = 'first'`);
    expect(Number(rows.rows[0]?.n)).toBe(1);
    // The blocked part is reported (SQLITE_BUSY), or waited for; never silently retried.
    const busy = body.results[0]?.error?.code?.startsWith('SQLITE_BUSY') ?? false;
    expect(body.results[0]?.type === 'ok' || busy).toBe(true);
    return busy || waited;
  });
  expect(attempts).toBeGreaterThan(0);
}, 150_000);
