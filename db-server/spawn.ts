/**
 * Starts the database server as a child process (`node db-server/main.ts`),
 * for tests that kill it (kill -9 durability) and for the start script.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface SpawnDbServerOptions {
  file: string;
  /** 0 picks any free port; the child reports the one it got. */
  port?: number;
  token?: string;
  latencyMs?: number;
  streamTimeoutMs?: number;
  busyTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** How long to wait for the start line. */
  startTimeoutMs?: number;
}

export interface SpawnedDbServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** Sends the signal (default SIGTERM) and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const START_LINE = /listening on (http:\/\/\S+)/;

export function spawnDbServer(options: SpawnDbServerOptions): Promise<SpawnedDbServer> {
  const args = [MAIN, '--file', options.file, '--port', String(options.port ?? 8080)];
  if (options.token !== undefined) args.push('--token', options.token);
  if (options.latencyMs !== undefined) args.push('--latency-ms', String(options.latencyMs));
  if (options.streamTimeoutMs !== undefined) args.push('--stream-timeout-ms', String(options.streamTimeoutMs));
  if (options.busyTimeoutMs !== undefined) args.push('--busy-timeout-ms', String(options.busyTimeoutMs));
  if (options.statementTimeoutMs !== undefined) {
    args.push('--statement-timeout-ms', String(options.statementTimeoutMs));
  }
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const kill = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };

  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      void kill('SIGKILL');
      reject(new Error(`db server did not start within ${options.startTimeoutMs ?? 15_000} ms: ${output}`));
    }, options.startTimeoutMs ?? 15_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = START_LINE.exec(output);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      // Keep draining stdout so the child never blocks on a full pipe.
      child.stdout?.off('data', onData).resume();
      const url = match[1];
      resolve({ url, port: Number(new URL(url).port), process: child, kill });
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`db server exited before starting (${code ?? signal}): ${output}`));
    });
  });
}
