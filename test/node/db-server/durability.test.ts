import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedDbServer, spawnDbServer } from '../../../db-server/spawn.ts';

describe('db-server durability', () => {
  let dir: string;
  let server: SpawnedDbServer | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'db-server-kill-'));
  });
  afterAll(async () => {
    await server?.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps acknowledged writes after kill -9 and a restart on the same file', async () => {
    const file = join(dir, 'nested', 'durable.db');
    server = await spawnDbServer({ file, port: 0 });
    expect(server.port).toBeGreaterThan(0);
    const writer = createClient({ url: server.url });
    await writer.execute('CREATE TABLE acked (id INTEGER PRIMARY KEY, note TEXT)');
    await writer.batch(["INSERT INTO acked (note) VALUES ('batch')"], 'write');
    const tx = await writer.transaction('write');
    await tx.execute("INSERT INTO acked (note) VALUES ('interactive')");
    await tx.commit();
    // Left open on purpose: an unacknowledged transaction must not survive.
    const pending = await writer.transaction('write');
    await pending.execute("INSERT INTO acked (note) VALUES ('never committed')");
    writer.close();

    await server.kill('SIGKILL');
    expect(server.process.signalCode).toBe('SIGKILL');

    server = await spawnDbServer({ file, port: 0 });
    const reader = createClient({ url: server.url });
    const rows = await reader.execute('SELECT note FROM acked ORDER BY id');
    expect(rows.rows.map((row) => row.note)).toEqual(['batch', 'interactive']);
    reader.close();
    await server.kill('SIGTERM');
    expect(server.process.exitCode).toBe(0);
    server = undefined;
  });
});
