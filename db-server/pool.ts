import { Connection, type RowLimits } from './connection.ts';
import { ProtocolError } from './hrana/errors.ts';
import type { SchemaClock } from './statement-cache.ts';

/** How often a lock waiter re-checks even without a release signal (e.g. a checkpoint held the lock). */
const LOCK_POLL_MS = 25;

/**
 * Connections to one database file. The binding is synchronous, so a single
 * connection would serve every request that completes within one call; more
 * connections are opened only for streams that stay open across requests
 * (interactive transactions), and are reused afterwards.
 */
export interface PoolLimits extends RowLimits {
  maxConnections: number;
}

export class ConnectionPool {
  readonly #file: string;
  readonly #limits: PoolLimits;
  readonly #schema: SchemaClock = { generation: 0 };
  readonly #idle: Connection[] = [];
  readonly #all = new Set<Connection>();
  readonly #lockWaiters = new Set<() => void>();
  /** Never handed out: only asks SQLite whether the write lock is free. */
  readonly #lockProbe: Connection;

  constructor(file: string, limits: PoolLimits) {
    this.#file = file;
    this.#limits = limits;
    // Open one connection eagerly so a bad path fails at start, not on the first request.
    this.#idle.push(this.#open());
    this.#lockProbe = new Connection(file, this.#schema, limits);
  }

  get size(): number {
    return this.#all.size;
  }

  acquire(): Connection {
    const idle = this.#idle.pop();
    if (idle !== undefined) return idle;
    if (this.#all.size >= this.#limits.maxConnections) {
      throw new ProtocolError('Too many open streams', 'TOO_MANY_STREAMS', 503);
    }
    return this.#open();
  }

  /**
   * Returns a connection, rolling back whatever transaction its stream left
   * open. One whose session state changed is closed: the next client must get
   * a connection exactly like a fresh one.
   */
  release(conn: Connection): void {
    const heldTransaction = conn.inTransaction;
    if (conn.stuck || conn.sessionChanged) {
      this.#discard(conn);
    } else {
      try {
        conn.rollback();
        this.#idle.push(conn);
      } catch {
        // A connection that cannot roll back is not safe to hand out again.
        this.#discard(conn);
      }
    }
    if (heldTransaction) this.notifyLockMayBeFree();
  }

  /** Whether some connection holds the write lock right now. */
  isWriteLockHeld(): boolean {
    return !this.#lockProbe.isWriteLockFree();
  }

  /** Wakes requests waiting for another stream's write transaction to end. */
  notifyLockMayBeFree(): void {
    if (this.#lockWaiters.size === 0) return;
    const waiters = [...this.#lockWaiters];
    this.#lockWaiters.clear();
    for (const wake of waiters) wake();
  }

  /** Resolves when a lock may have been released, or after a short poll interval, or at `deadline`. */
  waitForLockRelease(deadline: number): Promise<void> {
    const delay = Math.max(0, Math.min(LOCK_POLL_MS, deadline - Date.now()));
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.#lockWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, delay);
      this.#lockWaiters.add(wake);
    });
  }

  close(): void {
    // Closing a connection discards its open transaction, which is a rollback.
    for (const conn of this.#all) conn.close();
    this.#lockProbe.close();
    this.#all.clear();
    this.#idle.length = 0;
    this.notifyLockMayBeFree();
  }

  #discard(conn: Connection): void {
    this.#all.delete(conn);
    // Closing discards an open transaction, which is a rollback.
    conn.close();
  }

  #open(): Connection {
    const conn = new Connection(this.#file, this.#schema, this.#limits);
    this.#all.add(conn);
    return conn;
  }
}
