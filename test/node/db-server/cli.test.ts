import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedDbServer, spawnDbServer } from '../../../db-server/spawn.ts';

describe('db-server command line', () => {
  let dir: string;
  let server: SpawnedDbServer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'db-server-cli-'));
    server = await spawnDbServer({ file: join(dir, 'cli.db'), port: 0, token: 'cli-token', latencyMs: 120 });
  });
  afterAll(async () => {
    await server.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('applies --token and --latency-ms, then shuts down cleanly on SIGTERM', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const client = createClient({ url: server.url, authToken: 'cli-token' });
    await client.execute('SELECT 1');
    const started = performance.now();
    const result = await client.execute('SELECT 2 AS two');
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    expect(result.rows[0]?.two).toBe(2);
    client.close();
    const anonymous = await fetch(`${server.url}/stats`);
    expect(anonymous.status).toBe(401);
    await anonymous.arrayBuffer();

    await server.kill('SIGTERM');
    expect(server.process.exitCode).toBe(0);
  });
});
