import { randomBytes } from 'node:crypto';
import type { Connection } from './connection.ts';
import { ProtocolError } from './hrana/errors.ts';
import type { ConnectionPool } from './pool.ts';

/** A Hrana stream: one SQL connection and its stored SQL texts, carried across HTTP requests by batons. */
export class Stream {
  readonly sqls = new Map<number, string>();
  #conn: Connection | undefined;
  readonly #pool: ConnectionPool;
  readonly #onClose: () => void;
  expiry: NodeJS.Timeout | undefined;
  /**
   * The stream is inside a transaction that has (or may have) taken the write
   * lock. Kept up to date at the end of each request; fixed while parked.
   */
  mayHoldWriteLock = false;

  constructor(pool: ConnectionPool, onClose: () => void) {
    this.#pool = pool;
    this.#onClose = onClose;
  }

  /** The stream's connection, borrowed from the pool on first use. */
  get conn(): Connection {
    this.#conn ??= this.#pool.acquire();
    return this.#conn;
  }

  get inTransaction(): boolean {
    return this.#conn?.inTransaction ?? false;
  }

  /** Swaps a connection with a stuck statement for a fresh one; only valid outside a transaction. */
  dropStuckConnection(): void {
    if (this.#conn?.stuck !== true) return;
    this.#pool.release(this.#conn);
    this.#conn = undefined;
  }

  /** Returns the connection to the pool (rolled back if a transaction is still open). */
  close(): void {
    clearTimeout(this.expiry);
    this.sqls.clear();
    if (this.#conn !== undefined) this.#pool.release(this.#conn);
    this.#conn = undefined;
    this.#onClose();
  }
}

export interface StreamLimits {
  /** Idle time after which a parked stream is closed and its transaction rolled back. */
  timeoutMs: number;
  /**
   * Streams kept across requests (interactive transactions, cursors) at once.
   * Each holds a connection, so keeping this below the pool's size leaves
   * connections for pipelines that close their stream.
   */
  maxOpen: number;
}

/**
 * Streams parked between requests, keyed by their current baton. A baton is
 * random and valid for exactly one request, so a stream is never used by two
 * requests at once and a stale or forged baton finds nothing.
 */
export class StreamRegistry {
  readonly #byBaton = new Map<string, Stream>();
  readonly #pool: ConnectionPool;
  readonly #limits: StreamLimits;
  readonly #onExpire: () => void;
  #parkedWriters = 0;
  /** Streams that outlive their first request, parked or running a request right now. */
  #kept = 0;

  constructor(pool: ConnectionPool, limits: StreamLimits, onExpire: () => void) {
    this.#pool = pool;
    this.#limits = limits;
    this.#onExpire = onExpire;
  }

  get parkedCount(): number {
    return this.#byBaton.size;
  }

  /** Parked streams that may hold the write lock; while zero, nobody outside the running request holds it. */
  get parkedWriters(): number {
    return this.#parkedWriters;
  }

  /**
   * A new stream. One that will be kept after its first request (`kept`) is
   * refused while the limit of open streams is reached, before anything runs.
   */
  open(kept: boolean): Stream {
    if (!kept) return new Stream(this.#pool, () => {});
    if (this.#kept >= this.#limits.maxOpen) {
      throw new ProtocolError(
        `Too many open streams (${this.#limits.maxOpen}): close transactions and cursors when done`,
        'TOO_MANY_STREAMS',
        503,
      );
    }
    this.#kept++;
    let closed = false;
    return new Stream(this.#pool, () => {
      if (closed) return;
      closed = true;
      this.#kept--;
    });
  }

  /** Claims the stream a baton refers to; the baton is spent. */
  take(baton: string): Stream {
    const stream = this.#byBaton.get(baton);
    if (stream === undefined) {
      throw new ProtocolError(
        'Stream not found: the baton is invalid, already used, or the stream expired',
        'STREAM_EXPIRED',
      );
    }
    this.#unpark(baton, stream);
    return stream;
  }

  /** Parks a stream until its next request and returns the baton for it. */
  park(stream: Stream): string {
    const baton = randomBytes(18).toString('base64url');
    this.#byBaton.set(baton, stream);
    if (stream.mayHoldWriteLock) this.#parkedWriters++;
    stream.expiry = setTimeout(() => this.#expire(baton), this.#limits.timeoutMs);
    stream.expiry.unref();
    return baton;
  }

  closeAll(): void {
    for (const stream of this.#byBaton.values()) stream.close();
    this.#byBaton.clear();
    this.#parkedWriters = 0;
  }

  #unpark(baton: string, stream: Stream): void {
    this.#byBaton.delete(baton);
    clearTimeout(stream.expiry);
    if (stream.mayHoldWriteLock) this.#parkedWriters--;
  }

  #expire(baton: string): void {
    const stream = this.#byBaton.get(baton);
    if (stream === undefined) return;
    this.#unpark(baton, stream);
    // Rolls back whatever transaction the abandoned stream left open.
    stream.close();
    this.#onExpire();
  }
}
