/**
 * The whole stack for the browser tests, on 127.0.0.1 only: builds the SPA,
 * starts a local libSQL server on a free port, migrates and seeds it, runs the
 * Worker under `wrangler dev` (which serves the SPA through Workers Static
 * Assets), and hands the base URL to the tests. Teardown stops the wrangler
 * process tree and the database, and removes the temporary files.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { spawnDbServer } from '../../db-server/spawn.ts';
import { migrateDatabase } from '../../scripts/migrate.ts';
import { DEFAULT_ADMIN, seedDatabase } from '../../scripts/seed.ts';
import { waitForHttp } from '../../scripts/wait-for-http.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    storefrontUrl: string;
    storefrontAdmin: { email: string; password: string };
  }
}

const HOST = '127.0.0.1';
const WRANGLER_READY_MS = 120_000;
const STOP_GRACE_MS = 5_000;

/** A port nothing listens on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    const env = { ...process.env, NODE_ENV: 'production' };
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`)),
    );
  });
}

/** Stops a detached child and everything it started (wrangler runs workerd below it). */
async function stopTree(child: ChildProcess): Promise<void> {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), signal);
    } catch {
      // The group is already gone.
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), STOP_GRACE_MS);
  await exited(child);
  clearTimeout(timer);
  // workerd may outlive its parent for a moment; make sure nothing of the group is left.
  signalGroup('SIGKILL');
}

export default async function setup(project: TestProject) {
  await run('npx', ['vite', 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn']);

  const dir = await mkdtemp(join(tmpdir(), 'stockroom-browser-'));
  const db = await spawnDbServer({ file: join(dir, 'browser.db'), port: 0 });
  const stoppers: Array<() => Promise<void>> = [
    () => rm(dir, { recursive: true, force: true }),
    () => db.kill('SIGTERM'),
  ];
  const teardown = async () => {
    for (const stop of stoppers.reverse()) await stop();
  };

  try {
    await migrateDatabase(db.url);
    await seedDatabase({ url: db.url });

    const port = await freePort();
    const inspectorPort = await freePort();
    const logFile = join(dir, 'wrangler.log');
    const log = createWriteStream(logFile);
    const wrangler = spawn(
      'npx',
      [
        'wrangler',
        'dev',
        '--port',
        String(port),
        '--ip',
        HOST,
        '--inspector-port',
        String(inspectorPort),
        '--persist-to',
        join(dir, 'wrangler-state'),
        '--show-interactive-dev-session=false',
        '--var',
        `TURSO_DATABASE_URL:${db.url}`,
        '--var',
        `AUTH_SECRET:${randomBytes(16).toString('hex')}`,
      ],
      // Its own process group, so teardown can stop wrangler and workerd together.
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
    );
    wrangler.stdout.pipe(log);
    wrangler.stderr.pipe(log);
    stoppers.push(() => stopTree(wrangler));

    const baseUrl = `http://${HOST}:${port}`;
    try {
      await waitForHttp(`${baseUrl}/health`, WRANGLER_READY_MS);
    } catch (error) {
      const output = await readFile(logFile, 'utf8').catch(() => '');
      throw new Error(`wrangler dev did not start: ${(error as Error).message}\n${output.slice(-4_000)}`);
    }

    project.provide('storefrontUrl', baseUrl);
    project.provide('storefrontAdmin', { email: DEFAULT_ADMIN.email, password: DEFAULT_ADMIN.password });
    return teardown;
  } catch (error) {
    await teardown();
    throw error;
  }
}
