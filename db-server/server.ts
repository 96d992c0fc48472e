import { timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CHECKPOINT_MODE, Checkpointer } from './checkpointer.ts';
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
  /** A loopback address unless a token is set: anything else is refused at start. */
  host?: string;
  /** When set, every request except health and version probes needs `Authorization: Bearer <token>`. */
  authToken?: string;
  /** Delay added to every Hrana response, standing in for the edge-to-primary distance. */
  latencyMs?: number;
  /** Idle time after which an open stream is closed and its transaction rolled back. */
  streamTimeoutMs?: number;
  /** How long a request waits for another stream's write transaction before getting SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /**
   * A statement still returning rows after this long is given up on and fails
   * with SQLITE_INTERRUPT; 0 means no limit. The engine is synchronous, so
   * other clients wait up to this long behind it. It is checked between
   * batches of rows: a statement that returns no row for a long time (an
   * aggregate over an endless recursive CTE) cannot be stopped by libsql 0.5.
   */
  statementTimeoutMs?: number;
  /** Rows of one statement past this many bytes fail it with RESPONSE_TOO_LARGE, as sqld's max response size. */
  maxResponseBytes?: number;
  /** Largest request body; a larger one gets 413. */
  maxBodyBytes?: number;
  /** Statements (executes, batch steps and other pipeline requests) one request may hold; more gets 413. */
  maxStatementsPerRequest?: number;
  /** Streams kept across requests (interactive transactions, cursors) at once; a new one past it gets 503. */
  maxOpenStreams?: number;
  /** Connections to the file; those beyond maxOpenStreams are left for pipelines that close their stream. */
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
const DEFAULTS = {
  port: 8080,
  host: '127.0.0.1',
  streamTimeoutMs: 10_000,
  busyTimeoutMs: 5_000,
  statementTimeoutMs: 5_000,
  maxResponseBytes: 10 * 1024 * 1024,
  maxBodyBytes: 8 * 1024 * 1024,
  maxStatementsPerRequest: 10_000,
  maxOpenStreams: 96,
  maxConnections: 128,
};

export async function startDbServer(options: DbServerOptions): Promise<DbServer> {
  const listenHost = options.host ?? DEFAULTS.host;
  if (!isLoopback(listenHost) && !options.authToken) {
    throw new Error(
      `Refusing to listen on ${listenHost} without a token: anyone who can reach it could read and write the database. ` +
        'Set --token (DB_AUTH_TOKEN), or listen on 127.0.0.1.',
    );
  }
  const maxConnections = options.maxConnections ?? DEFAULTS.maxConnections;
  const maxOpenStreams = options.maxOpenStreams ?? DEFAULTS.maxOpenStreams;
  if (maxOpenStreams >= maxConnections) {
    throw new Error(
      `maxOpenStreams (${maxOpenStreams}) must be below maxConnections (${maxConnections}), ` +
        'so that pipelines which close their stream always find a connection',
    );
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  mkdirSync(dirname(options.file), { recursive: true });
  let counters: Counters = zeroCounters();
  let latencyMs = options.latencyMs ?? 0;
  const pool = new ConnectionPool(options.file, {
    maxConnections,
    statementTimeoutMs: options.statementTimeoutMs ?? DEFAULTS.statementTimeoutMs,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULTS.maxResponseBytes,
  });
  const checkpointer = new Checkpointer(options.file);
  const streamLimits = { timeoutMs: options.streamTimeoutMs ?? DEFAULTS.streamTimeoutMs, maxOpen: maxOpenStreams };
  const streams = new StreamRegistry(pool, streamLimits, () => {
    counters.expiredStreams++;
  });
  const deps: EndpointDeps = {
    pool,
    streams,
    maxStatementsPerRequest: options.maxStatementsPerRequest ?? DEFAULTS.maxStatementsPerRequest,
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
  const stats = (): Stats => ({
    ...counters,
    openStreams: streams.parkedCount,
    connections: pool.size,
    latencyMs,
    checkpointMode: CHECKPOINT_MODE,
    checkpointOnCommitPath: false,
    backgroundCheckpoints: checkpointer.runs.background,
    catchUpCheckpoints: checkpointer.runs.catchUps,
  });

  /** Host values a request may carry: set once listening, when the port is known. */
  let allowedHosts: ReadonlySet<string> | undefined;

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    refuseBrowserRequests(req, allowedHosts);
    if (method === 'GET' && (path === '/' || path === '/health')) {
      sendJson(res, 200, { ok: true });
      return;
    }
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
      requireJson(req);
      counters.pipelineRequests++;
      const request = await readJsonBody(req, maxBodyBytes, (bytes) => {
        counters.pipelineRequestBytes += bytes;
      });
      const body = await servePipeline(deps, request);
      return hranaReply(() => {
        counters.pipelineResponseBytes += sendJson(res, 200, body);
      });
    }
    if (path === '/v3/cursor') {
      requireMethod(method, 'POST');
      requireJson(req);
      counters.cursorRequests++;
      const entries = await serveCursor(deps, await readJsonBody(req, maxBodyBytes));
      return hranaReply(() => sendJsonLines(res, entries));
    }
    if (path === '/stats') {
      requireMethod(method, 'GET');
      sendJson(res, 200, stats());
      return;
    }
    if (path === '/stats/reset') {
      requireMethod(method, 'POST');
      counters = zeroCounters();
      sendJson(res, 200, stats());
      return;
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
      server.listen(options.port ?? DEFAULTS.port, listenHost, () => resolve());
    });
  } catch (error) {
    await checkpointer.close();
    pool.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  // Behind a token the Host check adds nothing, and a non-loopback name could not pass it.
  if (isLoopback(listenHost)) allowedHosts = loopbackHosts(address.port);

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
      await checkpointer.close();
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

/**
 * A web page in the developer's browser can send requests here: a no-cors POST
 * with a text/plain body needs no preflight, and DNS rebinding lets a page read
 * answers under its own host name. Browsers always send Origin on such
 * requests and no database client does, and a rebound request carries the
 * attacker's host name; both are refused before anything else is read.
 */
function refuseBrowserRequests(req: IncomingMessage, allowedHosts: ReadonlySet<string> | undefined): void {
  if (req.headers.origin !== undefined) {
    throw new ProtocolError('Requests from web pages (with an Origin header) are refused', 'FORBIDDEN', 403);
  }
  const host = (req.headers.host ?? '').toLowerCase();
  if (allowedHosts !== undefined && !allowedHosts.has(host)) {
    throw new ProtocolError(
      `Host ${JSON.stringify(host)} is not a loopback name of this server; use 127.0.0.1, localhost or [::1] with its port`,
      'FORBIDDEN',
      403,
    );
  }
}

/** A page can send text/plain without a preflight; a Hrana client always sends JSON. */
function requireJson(req: IncomingMessage): void {
  const type = (req.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ProtocolError('Send the request body as Content-Type: application/json', 'UNSUPPORTED_MEDIA_TYPE', 415);
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function loopbackHosts(port: number): ReadonlySet<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  const hosts = names.map((name) => `${name}:${port}`);
  // An HTTP client leaves the default port out of Host.
  if (port === 80) hosts.push(...names);
  return new Set(hosts);
}

function requireMethod(actual: string, expected: string): void {
  if (actual !== expected) throw new ProtocolError(`Use ${expected} for this endpoint`, 'METHOD_NOT_ALLOWED', 405);
}
