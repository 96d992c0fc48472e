/**
 * What a web page in the developer's browser, or another machine, can do to
 * the local server: nothing. Requests are made with node:http where fetch
 * would not let a test set the Host header.
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDbServer } from '../../../db-server/server.ts';
import { type Harness, postRaw, startHarness } from './harness.ts';

const UPDATE_BODY = { requests: [{ type: 'execute', stmt: { sql: "UPDATE users SET role = 'admin'" } }] };

/** A raw HTTP request with exactly the given headers. */
function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.once('error', reject);
    req.end(options.body);
  });
}

describe('db-server refuses what a web page can send', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.client().execute("CREATE TABLE users (id INTEGER PRIMARY KEY, role TEXT NOT NULL DEFAULT 'customer')");
    await h.client().execute('INSERT INTO users DEFAULT VALUES');
  });
  afterAll(() => h.stop());

  it('answers 415 to a pipeline or cursor whose body is not application/json (a no-cors POST sends text/plain)', async () => {
    for (const path of ['/v2/pipeline', '/v3/pipeline', '/v3/cursor']) {
      const response = await fetch(`${h.server.url}${path}`, { method: 'POST', body: JSON.stringify(UPDATE_BODY) });
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    const rows = await h.client().execute('SELECT role FROM users');
    expect(rows.rows.map((row) => row.role)).toEqual(['customer']);
  });

  it('answers 403 to any request that carries an Origin header', async () => {
    const pipeline = await postRaw(`${h.server.url}/v3/pipeline`, UPDATE_BODY, { origin: 'https://evil.example' });
    expect(pipeline.status).toBe(403);
    expect(pipeline.json).toMatchObject({ code: 'FORBIDDEN' });
    for (const path of ['/health', '/v3', '/stats']) {
      const response = await fetch(`${h.server.url}${path}`, { headers: { origin: 'null' } });
      expect(response.status, path).toBe(403);
      await response.arrayBuffer();
    }
  });

  it('answers 403 when Host is not a loopback name with its port (DNS rebinding)', async () => {
    const { port } = h.server;
    const json = { 'content-type': 'application/json' };
    const body = JSON.stringify(UPDATE_BODY);
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1']) {
      const response = await rawRequest(`${h.server.url}/v3/pipeline`, {
        method: 'POST',
        headers: { ...json, host },
        body,
      });
      expect(response.status, host).toBe(403);
    }
    const stats = await rawRequest(`${h.server.url}/stats`, { headers: { host: 'rebound.evil.example' } });
    expect(stats.status).toBe(403);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      const select = { requests: [{ type: 'execute', stmt: { sql: 'SELECT 1' } }, { type: 'close' }] };
      const response = await rawRequest(`${h.server.url}/v3/pipeline`, {
        method: 'POST',
        headers: { ...json, host },
        body: JSON.stringify(select),
      });
      expect(response.status, host).toBe(200);
    }
    const rows = await h.client().execute('SELECT role FROM users');
    expect(rows.rows.map((row) => row.role)).toEqual(['customer']);
  });

  it('refuses ATTACH, DETACH and load_extension with SQLITE_AUTH, and creates no file', async () => {
    const client = h.client();
    const target = `${h.dir}/attached.db`;
    await expect(client.execute(`ATTACH DATABASE '${target}' AS other`)).rejects.toMatchObject({
      code: 'SQLITE_AUTH',
    });
    await expect(client.executeMultiple(`SELECT 1; ATTACH '${target}' AS other;`)).rejects.toMatchObject({
      code: 'SQLITE_AUTH',
    });
    await expect(client.execute('DETACH DATABASE main')).rejects.toMatchObject({ code: 'SQLITE_AUTH' });
    // libsql answers load_extension with its own "not authorized" (SQLITE_UNKNOWN); this is the server's refusal.
    await expect(client.execute("SELECT load_extension('/tmp/x')")).rejects.toMatchObject({
      code: 'SQLITE_AUTH',
      message: expect.stringMatching(/load_extension is refused/),
    });
    await expect(import('node:fs/promises').then((fs) => fs.stat(target))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('db-server with a token', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ authToken: 'stats-token' });
  });
  afterAll(() => h.stop());

  it('needs the token for GET /stats and POST /stats/reset', async () => {
    const anonymous = await fetch(`${h.server.url}/stats`);
    expect(anonymous.status).toBe(401);
    await anonymous.arrayBuffer();
    const reset = await fetch(`${h.server.url}/stats/reset`, { method: 'POST' });
    expect(reset.status).toBe(401);
    await reset.arrayBuffer();
    const authorization = { authorization: 'Bearer stats-token' };
    const stats = await fetch(`${h.server.url}/stats`, { headers: authorization });
    expect(await stats.json()).toMatchObject({ pipelineRequests: 0 });
    const resetWithToken = await fetch(`${h.server.url}/stats/reset`, { method: 'POST', headers: authorization });
    expect(resetWithToken.status).toBe(200);
    await resetWithToken.arrayBuffer();
  });
});

/** A documentation address (RFC 5737) that no interface here has: nothing is ever listening on it. */
const NOT_LOOPBACK = '192.0.2.1';

describe('db-server on a non-loopback address', () => {
  it('refuses to start without a token', async () => {
    await expect(startDbServer({ file: ':memory:', port: 0, host: NOT_LOOPBACK })).rejects.toThrow(
      /Refusing to listen on 192\.0\.2\.1 without a token/,
    );
  });

  it('exits non-zero from the command line, saying why', async () => {
    const main = fileURLToPath(new URL('../../../db-server/main.ts', import.meta.url));
    const child = spawn(process.execPath, [main, '--file', ':memory:', '--port', '0', '--host', NOT_LOOPBACK], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DB_AUTH_TOKEN: '' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
    expect(code).toBe(1);
    expect(stderr).toMatch(/did not start: Refusing to listen on 192\.0\.2\.1 without a token/);
  });
});
