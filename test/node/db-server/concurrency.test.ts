import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

const WRITERS = 64;

describe('db-server concurrent writers', () => {
  let h: Harness;
  beforeAll(async () => {
    // 64 writers queue behind one lock: the test proves they serialize without
    // SQLITE_BUSY, not how fast a busy 2-core machine drains the queue, so the
    // last of them may wait a minute rather than the default 5 s.
    h = await startHarness({ busyTimeoutMs: 60_000 });
    await h.client().executeMultiple(`
      CREATE TABLE counter (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
      INSERT INTO counter VALUES (1, 0);
      CREATE TABLE event (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL, kind TEXT NOT NULL);
    `);
  });
  afterAll(() => h.stop());

  it(`serializes ${WRITERS} clients mixing interactive transactions and batches without SQLITE_BUSY`, async () => {
    const clients = Array.from({ length: WRITERS }, () => h.client());
    await Promise.all(
      clients.map(async (client, writer) => {
        const tx = await client.transaction('write');
        const before = await tx.execute('SELECT n FROM counter');
        await tx.execute({ sql: 'UPDATE counter SET n = ?', args: [Number(before.rows[0]?.n) + 1] });
        await tx.execute({ sql: "INSERT INTO event (writer, kind) VALUES (?, 'tx')", args: [writer] });
        await tx.commit();
        await client.batch(
          [
            'UPDATE counter SET n = n + 1',
            { sql: "INSERT INTO event (writer, kind) VALUES (?, 'batch')", args: [writer] },
          ],
          writer % 2 === 0 ? 'write' : 'deferred',
        );
      }),
    );
    const check = h.client();
    const counter = await check.execute('SELECT n FROM counter');
    expect(counter.rows[0]?.n).toBe(2 * WRITERS);
    const events = await check.execute('SELECT kind, count(*) AS c FROM event GROUP BY kind ORDER BY kind');
    expect(events.rows.map((row) => [row.kind, row.c])).toEqual([
      ['batch', WRITERS],
      ['tx', WRITERS],
    ]);
  }, 90_000);
});
