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

  it('checkpoints in the background and restarts the WAL under steady writes, so it holds far fewer pages than written', async () => {
    const client = h.client();
    await client.execute('CREATE TABLE pages (id INTEGER PRIMARY KEY, body TEXT)');
    let written = 0;
    const write = async () => {
      await client.batch(
        Array.from({ length: 20 }, () => ({ sql: 'INSERT INTO pages (body) VALUES (?)', args: [ROW] })),
        'write',
      );
      written += 20;
    };
    // Steady writes, never pausing for an idle moment, until a catch-up has run (bounded), then five WALs' worth more.
    while (h.server.stats().catchUpCheckpoints === 0 && written < 30 * RESTART_FRAMES) await write();
    expect(h.server.stats().catchUpCheckpoints).toBeGreaterThan(0);
    expect(h.server.stats().backgroundCheckpoints).toBeGreaterThan(0);
    const target = written + 5 * RESTART_FRAMES;
    while (written < target) await write();
    // Without restarts the WAL would hold every page written since the start.
    const walPages = statSync(`${h.file}-wal`).size / 4_096;
    expect(walPages).toBeLessThan(written / 2);
    expect((await client.execute('SELECT count(*) AS n FROM pages')).rows[0]?.n).toBe(written);
  });
});
