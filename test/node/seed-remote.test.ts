/**
 * `npm run db:seed` against a database that is not on this machine refuses,
 * before it sends anything, unless it is given an admin of its own: the local
 * defaults are public, and an admin reads every customer.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ADMIN } from '../../scripts/seed.ts';

let server: Server;
let requests = 0;
let remoteUrl: string;

beforeAll(async () => {
  // 127.0.0.2 is this machine too, but not a name the seed script treats as local.
  server = createServer((_request, response) => {
    requests += 1;
    response.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  remoteUrl = `http://127.0.0.2:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function seed(env: Record<string, string>, args: string[] = ['--allow-remote']) {
  const child = spawn(process.execPath, ['scripts/seed.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', TURSO_DATABASE_URL: remoteUrl, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stderr })),
  );
}

describe('seeding a remote database', () => {
  it.each([
    ['no admin at all', {}],
    ['no password', { ADMIN_EMAIL: 'owner@shop.example' }],
    ['a short password', { ADMIN_EMAIL: 'owner@shop.example', ADMIN_PASSWORD: 'short-pass' }],
    ['the local default password', { ADMIN_EMAIL: 'owner@shop.example', ADMIN_PASSWORD: DEFAULT_ADMIN.password }],
    ['no email', { ADMIN_PASSWORD: 'a-long-enough-secret' }],
  ])('refuses with %s, naming ADMIN_PASSWORD, and sends no request', async (_case, env) => {
    const before = requests;
    const result = await seed(env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ADMIN_PASSWORD/);
    expect(requests).toBe(before);
  });

  it('refuses without --allow-remote even with an admin', async () => {
    const before = requests;
    const result = await seed({ ADMIN_EMAIL: 'owner@shop.example', ADMIN_PASSWORD: 'a-long-enough-secret' }, []);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--allow-remote/);
    expect(requests).toBe(before);
  });

  it('goes ahead with --allow-remote and an admin of its own', async () => {
    const before = requests;
    await seed({ ADMIN_EMAIL: 'owner@shop.example', ADMIN_PASSWORD: 'a-long-enough-secret' });
    expect(requests).toBeGreaterThan(before);
  });
});
