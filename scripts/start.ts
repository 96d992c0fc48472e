/**
 * `npm start`: the whole stack on one machine. Starts the local libSQL server
 * (unless TURSO_DATABASE_URL points elsewhere) with a token made for this run,
 * migrates, seeds an empty database (and puts its product pictures into the
 * local R2 bucket wrangler dev simulates, .wrangler/state), builds the
 * storefront, runs the Worker under `wrangler dev` with that token, and stops
 * everything it started on Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnDbServer } from '../db-server/spawn.ts';
import { LOCAL_DATABASE_URL, migrateDatabase } from './migrate.ts';
import { spawnProcessGroup, stopProcessGroup } from './process-group.ts';
import { DEFAULT_ADMIN, isEmptyDatabase, isLocalDatabase, seedDatabase } from './seed.ts';
import { putSeedImages } from './seed-images.ts';
import { waitForHttp } from './wait-for-http.ts';

const WRANGLER_BIN = join(dirname(createRequire(import.meta.url).resolve('wrangler/package.json')), 'bin/wrangler.js');
const port = Number(process.env.PORT ?? 8787);
const dbFile = process.env.DB_FILE ?? '.data/stockroom.db';
const stoppers: Array<() => Promise<void> | void> = [];
let stopping = false;

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const stop of stoppers.reverse()) await stop();
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
// `npm start` runs this under npm and sh, which do not pass SIGTERM on; when
// they die first this process is re-parented, and then it stops what it
// started. Only under npm: run directly (say with nohup), outliving the shell is intended.
if (process.env.npm_lifecycle_event === 'start') {
  const parentPid = process.ppid;
  setInterval(() => {
    if (process.ppid !== parentPid) void stopAll(0);
  }, 1_000).unref();
}

/** Runs a long-lived child in its own process group; when it exits on its own, everything stops. */
function runGroup(command: string, args: string[]): void {
  const child = spawnProcessGroup(command, args, { stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${args[0] ?? command} exited (${code ?? signal}); stopping`);
      void stopAll(code ?? 1);
    }
  });
  stoppers.push(() => stopProcessGroup(child));
}

/** wrangler dev reads AUTH_SECRET from .dev.vars; a fresh checkout gets a random one. */
function ensureDevVars(): void {
  if (existsSync('.dev.vars')) return;
  writeFileSync('.dev.vars', `AUTH_SECRET=${randomBytes(32).toString('hex')}\n`);
  console.log('wrote .dev.vars with a random AUTH_SECRET');
}

/**
 * The token reaches wrangler dev through an env file rather than `--var`, so
 * it is in no command line and wrangler lists it as hidden. Passing env files
 * replaces wrangler's own reading of .dev.vars, so that file comes first.
 */
function workerSecretsArgs(authToken: string | undefined): string[] {
  if (!authToken) return [];
  const dir = mkdtempSync(join(tmpdir(), 'stockroom-start-'));
  const file = join(dir, 'database.env');
  writeFileSync(file, `TURSO_AUTH_TOKEN=${authToken}\n`, { mode: 0o600 });
  stoppers.push(() => rmSync(dir, { recursive: true, force: true }));
  return ['--env-file', '.dev.vars', '--env-file', file];
}

async function prepareDatabase(): Promise<{ url: string; authToken?: string }> {
  let authToken = process.env.TURSO_AUTH_TOKEN;
  let url = process.env.TURSO_DATABASE_URL;
  if (!url) {
    // Any web page in the browser can send requests to 127.0.0.1; only this run's stack knows the token.
    authToken = randomBytes(32).toString('hex');
    const server = await spawnDbServer({
      file: dbFile,
      port: Number(process.env.DB_PORT ?? new URL(LOCAL_DATABASE_URL).port),
      token: authToken,
    });
    stoppers.push(() => server.kill('SIGTERM'));
    url = server.url;
  }
  await migrateDatabase(url, authToken);
  if (isLocalDatabase(url) && (await isEmptyDatabase(url, authToken))) {
    await seedDatabase({
      url,
      authToken,
      adminEmail: process.env.ADMIN_EMAIL,
      adminPassword: process.env.ADMIN_PASSWORD,
    });
    console.log(`seeded the demo catalog; admin: ${process.env.ADMIN_EMAIL ?? DEFAULT_ADMIN.email}`);
    // Before wrangler dev starts: the pictures' rows are seeded, their bytes go where wrangler dev keeps R2.
    console.log(`put ${await putSeedImages()} product pictures into the local R2 bucket`);
  }
  return { url, authToken };
}

/** Every step after the first child starts; a failure stops what was started instead of orphaning it. */
async function start(): Promise<void> {
  const database = await prepareDatabase();
  ensureDevVars();
  if (existsSync('client/index.html')) {
    await new Promise<void>((resolve, reject) => {
      const build = spawn('npm', ['run', 'build:client'], { stdio: 'inherit' });
      build.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`storefront build failed (${code})`))));
    });
  }
  runGroup(process.execPath, [
    WRANGLER_BIN,
    'dev',
    '--port',
    String(port),
    '--ip',
    '127.0.0.1',
    '--show-interactive-dev-session=false',
    '--var',
    `TURSO_DATABASE_URL:${database.url}`,
    ...workerSecretsArgs(database.authToken),
  ]);
  await waitForHttp(`http://127.0.0.1:${port}/health`, 120_000);
  console.log(`\nStockroom is running at http://localhost:${port} (database ${database.url}). Ctrl-C stops it.`);
  if (!process.env.TURSO_DATABASE_URL) {
    console.log(`The database takes this run's token: TURSO_AUTH_TOKEN=${database.authToken} npm run db:migrate\n`);
  }
}

try {
  await start();
} catch (error) {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}
