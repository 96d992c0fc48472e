import { timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type EndpointDeps, serveCursor, servePipeline } from './hrana/endpoints.ts';
import { ProtocolError, toHranaError } from './hrana/errors.ts';
import { readJsonBody, sendError, sendJson, sendJsonLines } from './http-io.ts';
import { ConnectionPool } from './pool.ts';
import { type Counters, type Stats, zeroCounters } from './stats.ts';
import { StreamRegistry } from './streams.ts';

export type { Stats } from './stats.ts';

export interface DbServerOptions {
  file: string;
  /** 0 picks any free port. */
  port?: number;
  host?: string;
  /** When set, every request except health and version probes needs `Authorization: Bearer <token>`. */
  authToken?: string;
  /** Delay added to every Hrana response, standing in for the edge-to-primary distance. */
  latencyMs?: number;
  /** Idle time after which an open stream is closed and its transaction rolled back. */
  streamTimeoutMs?: number;
  /** How long a request waits for another stream's write transaction before getting SQLITE_BUSY. */
  busyTimeoutMs?: number;
  maxConnections?: number;
}

export interface DbServer {
  url: string;
  port: number;
  stats(): Stats;
  resetStats(): void;
  setLatencyMs(ms: number): void;
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 1_000;
const DEFAULTS = { port: 8080, host: '127.0.0.1', streamTimeoutMs: 10_000, busyTimeoutMs: 5_000, maxConnections: 128 };

export async function startDbServer(options: DbServerOptions): Promise<DbServer> {
  mkdirSync(dirname(options.file), { recursive: true });
  let counters: Counters = zeroCounters();
  let latencyMs = options.latencyMs ?? 0;
  const pool = new ConnectionPool(options.file, options.maxConnections ?? DEFAULTS.maxConnections);
  const streams = new StreamRegistry(pool, options.streamTimeoutMs ?? DEFAULTS.streamTimeoutMs, () => {
    counters.expiredStreams++;
  });
  const deps: EndpointDeps = {
    pool,
    streams,
    lockWait: {
      pool,
      busyTimeoutMs: options.busyTimeoutMs ?? DEFAULTS.busyTimeoutMs,
      parkedWriters: () => streams.parkedWriters,
      onWait: () => counters.lockWaits++,
      onStatements: (count) => {
        counters.statements += count;
      },
    },
  };
  const stats = (): Stats => ({ ...counters, openStreams: streams.parkedCount, connections: pool.size, latencyMs });

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    if (method === 'GET' && (path === '/' || path === '/health')) return sendJson(res, 200, { ok: true });
    // Version probes are unauthenticated, as the client sends them without credentials.
    if (method === 'GET' && (path === '/v2' || path === '/v3')) return hranaReply(() => sendJson(res, 200, {}));
    if (path === '/v3-protobuf' || path.startsWith('/v3-protobuf/')) {
      // A 404 makes a probing client fall back to JSON.
      throw new ProtocolError('The Protobuf encoding is not supported; use JSON', 'PROTOBUF_NOT_SUPPORTED', 404);
    }
    if (!authorized(req, options.authToken))
      throw new ProtocolError('Missing or invalid bearer token', 'UNAUTHORIZED', 401);
    if (path === '/v2/pipeline' || path === '/v3/pipeline') {
      requireMethod(method, 'POST');
      counters.pipelineRequests++;
      const body = await servePipeline(deps, await readJsonBody(req));
      return hranaReply(() => sendJson(res, 200, body));
    }
    if (path === '/v3/cursor') {
      requireMethod(method, 'POST');
      counters.cursorRequests++;
      const entries = await serveCursor(deps, await readJsonBody(req));
      return hranaReply(() => sendJsonLines(res, entries));
    }
    if (path === '/stats') {
      requireMethod(method, 'GET');
      return sendJson(res, 200, stats());
    }
    if (path === '/stats/reset') {
      requireMethod(method, 'POST');
      counters = zeroCounters();
      return sendJson(res, 200, stats());
    }
    throw new ProtocolError(`No endpoint ${method} ${path}`, 'NOT_FOUND', 404);
  }

  async function hranaReply(send: () => void): Promise<void> {
    if (latencyMs > 0) await sleep(latencyMs);
    send();
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    if (path !== '/stats' && path !== '/stats/reset') counters.requests++;
    route(req, res, path).catch(async (error: unknown) => {
      counters.httpErrors++;
      const status = error instanceof ProtocolError ? error.status : 500;
      if (status === 500) console.error('db-server: request failed', error);
      if (path.startsWith('/v') && latencyMs > 0) await sleep(latencyMs);
      sendError(res, status, toHranaError(error));
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULTS.port, options.host ?? DEFAULTS.host, () => resolve());
    });
  } catch (error) {
    pool.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    stats,
    resetStats: () => {
      counters = zeroCounters();
    },
    setLatencyMs: (ms) => {
      latencyMs = ms;
    },
    close: async () => {
      // Stop accepting, drop idle keep-alive sockets, let in-flight requests
      // finish for a moment, then cut whatever is left.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(force);
      streams.closeAll();
      pool.close();
    },
  };
}

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return true;
  const given = Buffer.from(req.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function requireMethod(actual: string, expected: string): void {
  if (actual !== expected) throw new ProtocolError(`Use ${expected} for this endpoint`, 'METHOD_NOT_ALLOWED', 405);
}
