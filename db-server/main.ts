/**
 * `npm run db:serve`: serves a local libSQL database file over Hrana/HTTP.
 * Flags override env: --file (DB_FILE), --port (DB_PORT), --host (DB_HOST),
 * --token (DB_AUTH_TOKEN; required unless --host is a loopback address), --latency-ms (DB_LATENCY_MS),
 * --stream-timeout-ms (DB_STREAM_TIMEOUT_MS), --busy-timeout-ms (DB_BUSY_TIMEOUT_MS),
 * --statement-timeout-ms (DB_STATEMENT_TIMEOUT_MS, default 5000; 0 for none).
 */
import { parseArgs } from 'node:util';
import { startDbServer } from './server.ts';

const { values: flags } = parseArgs({
  options: {
    file: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    token: { type: 'string' },
    'latency-ms': { type: 'string' },
    'stream-timeout-ms': { type: 'string' },
    'busy-timeout-ms': { type: 'string' },
    'statement-timeout-ms': { type: 'string' },
  },
});

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    console.error(`${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return parsed;
}

const file = flags.file ?? process.env.DB_FILE ?? '.data/stockroom.db';
const server = await startDbServer({
  file,
  port: numberOption(flags.port ?? process.env.DB_PORT, '--port') ?? 8080,
  host: flags.host ?? process.env.DB_HOST,
  authToken: flags.token ?? (process.env.DB_AUTH_TOKEN || undefined),
  latencyMs: numberOption(flags['latency-ms'] ?? process.env.DB_LATENCY_MS, '--latency-ms'),
  streamTimeoutMs: numberOption(flags['stream-timeout-ms'] ?? process.env.DB_STREAM_TIMEOUT_MS, '--stream-timeout-ms'),
  busyTimeoutMs: numberOption(flags['busy-timeout-ms'] ?? process.env.DB_BUSY_TIMEOUT_MS, '--busy-timeout-ms'),
  statementTimeoutMs: numberOption(
    flags['statement-timeout-ms'] ?? process.env.DB_STATEMENT_TIMEOUT_MS,
    '--statement-timeout-ms',
  ),
}).catch((error: unknown) => {
  console.error(`libsql-server did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

// Logged after the signal handlers exist, so a parent that signals on seeing it always gets a clean shutdown.
// spawn.ts parses the URL from this line; keep its shape.
console.log(`libsql-server listening on ${server.url} (file ${file})`);
