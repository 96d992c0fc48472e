import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESTART_FRAMES } from '../../../db-server/checkpointer.ts';
import { type Harness, startHarness } from './harness.ts';

/** Pages of about 4 KB each; every row below fills one. */
const ROW = 'x'.repeat(3_000);

describe('db-server WAL checkpoints', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('never checkpoints inside a commit: request connections have auto-checkpoint off', async () => {
    const result = await h.client().execute('PRAGMA wal_autocheckpoint');
    expect(Object.values(result.rows[0] ?? {})).toEqual([0]);
    expect(h.server.stats().checkpointOnCommitPath).toBe(false);
  });

  it('checkpoints in the background and keeps the WAL near its restart size under steady writes', async () => {
    const client = h.client();
    await client.execute('CREATE TABLE pages (id INTEGER PRIMARY KEY, body TEXT)');
    // Three times the restart size in small commits, with no pause for an idle moment.
    for (let i = 0; i < 3 * RESTART_FRAMES; i += 20) {
      await client.batch(
        Array.from({ length: 20 }, () => ({ sql: 'INSERT INTO pages (body) VALUES (?)', args: [ROW] })),
        'write',
      );
    }
    await expect.poll(() => h.server.stats().backgroundCheckpoints, { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => h.server.stats().catchUpCheckpoints, { timeout: 10_000 }).toBeGreaterThan(0);
    // The next write after a catch-up starts the WAL over; without one it would hold every page written.
    await client.execute({ sql: 'INSERT INTO pages (body) VALUES (?)', args: [ROW] });
    const walPages = statSync(`${h.file}-wal`).size / 4_096;
    expect(walPages).toBeLessThan(3 * RESTART_FRAMES);
    expect((await client.execute('SELECT count(*) AS n FROM pages')).rows[0]?.n).toBe(3 * RESTART_FRAMES + 1);
  });
});
