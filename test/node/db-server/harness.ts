/** Shared setup for the db-server conformance tests: a server on a fresh file in a temp dir. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, type Config, createClient } from '@libsql/client';
import { type DbServer, type DbServerOptions, startDbServer } from '../../../db-server/server.ts';

export interface Harness {
  server: DbServer;
  dir: string;
  file: string;
  client(config?: Partial<Config>): Client;
  stop(): Promise<void>;
}

export async function startHarness(options: Partial<DbServerOptions> = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'db-server-test-'));
  const file = join(dir, 'test.db');
  const server = await startDbServer({ file, port: 0, ...options });
  const clients: Client[] = [];
  return {
    server,
    dir,
    file,
    client(config = {}) {
      const client = createClient({ url: server.url, authToken: options.authToken, ...config });
      clients.push(client);
      return client;
    },
    async stop() {
      for (const client of clients) client.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs a raw JSON body (or text) and returns status, content type and parsed body. */
export async function postRaw(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string | null; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    json: (await response.json()) as Record<string, unknown>,
  };
}
