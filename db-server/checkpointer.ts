/**
 * Keeps WAL checkpoints off the commit path. SQLite's auto-checkpoint runs
 * inside the commit that crosses its threshold (every ~1,000 pages), and that
 * commit, with every request queued behind it on the one event loop, waits
 * for the copy and its fsync: that was the p99. Request connections turn it
 * off (connection.ts); instead:
 *
 * - a thread of its own checkpoints every CHECKPOINT_INTERVAL_MS, PASSIVE,
 *   on its own connection: the copying and the fsyncs happen off the event
 *   loop, and it never waits for a reader or the writer nor makes them wait;
 * - SQLite restarts the WAL from its start only when a write begins with
 *   every frame already copied, which a checkpoint racing a steady stream of
 *   writes never achieves. So once the WAL holds more than RESTART_FRAMES,
 *   the main thread, between requests, copies the few frames written since
 *   the thread's last run (PASSIVE again, well under a millisecond), and the
 *   next write restarts the WAL. No commit ever runs a checkpoint.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import Database from 'libsql';
import type { CheckpointReport } from './checkpoint-thread.ts';

export const CHECKPOINT_INTERVAL_MS = 250;
/** SQLite's own auto-checkpoint threshold: a short WAL keeps page lookups in it cheap. */
export const RESTART_FRAMES = 1_000;
/** How long the thread has to close its connection and end before it is terminated. */
const CLOSE_GRACE_MS = 2_000;
export const CHECKPOINT_MODE =
  `wal_checkpoint(PASSIVE) every ${CHECKPOINT_INTERVAL_MS} ms on a thread of its own, plus a catch-up between requests ` +
  `once the WAL passes ${RESTART_FRAMES} frames; auto-checkpoint off on request connections`;

export class Checkpointer {
  readonly #worker: Worker;
  readonly #db: InstanceType<typeof Database>;
  readonly #catchUp: ReturnType<InstanceType<typeof Database>['prepare']>;
  #runs = 0;
  #catchUps = 0;
  #catchUpQueued = false;

  constructor(file: string, intervalMs = CHECKPOINT_INTERVAL_MS) {
    this.#db = new Database(file, { timeout: 0 });
    this.#catchUp = this.#db.prepare('PRAGMA wal_checkpoint(PASSIVE)').raw(true);
    this.#worker = new Worker(new URL('./checkpoint-thread.ts', import.meta.url), { workerData: { file, intervalMs } });
    this.#worker.on('message', (report: CheckpointReport) => {
      if (report.progressed) this.#runs++;
      if (report.frames > RESTART_FRAMES && !this.#catchUpQueued) {
        this.#catchUpQueued = true;
        // setImmediate: after the requests whose I/O is ready, never inside one.
        setImmediate(() => this.#runCatchUp());
      }
    });
    // A failed checkpointer leaves the WAL growing, not the data at risk: say so, keep serving.
    this.#worker.on('error', (error) => console.error('db-server: the checkpoint thread failed', error));
    this.#worker.unref();
  }

  /** Checkpoints that copied frames so far: the thread's runs, and the main thread's catch-ups. */
  get runs(): { background: number; catchUps: number } {
    return { background: this.#runs, catchUps: this.#catchUps };
  }

  #runCatchUp(): void {
    this.#catchUpQueued = false;
    if (!this.#db.open) return;
    try {
      const [busy] = this.#catchUp.all([])[0] as [number, number, number];
      if (busy === 0) this.#catchUps++;
    } catch {
      // The thread is checkpointing right now: its next report asks again.
    }
  }

  async close(): Promise<void> {
    const exited = once(this.#worker, 'exit');
    this.#worker.postMessage('close');
    const forced = setTimeout(() => void this.#worker.terminate(), CLOSE_GRACE_MS);
    await exited;
    clearTimeout(forced);
    this.#db.close();
  }
}
