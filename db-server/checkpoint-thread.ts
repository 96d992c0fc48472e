/**
 * The checkpointer's thread (see checkpointer.ts): its own connection to the
 * file, running `PRAGMA wal_checkpoint(PASSIVE)` every `intervalMs`, and
 * telling the main thread after each run how many frames the WAL holds.
 * Told 'close', it closes its connection and ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'libsql';

export type CheckpointReport = { frames: number; progressed: boolean };

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new Database(file, { timeout: 0 });
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)').raw(true);
let last = '';

const timer = setInterval(() => {
  try {
    // [busy, frames in the WAL, frames checkpointed]: progress is any change in the last two.
    const [busy, frames, copied] = checkpoint.all([])[0] as [number, number, number];
    const state = `${frames}/${copied}`;
    const report: CheckpointReport = { frames, progressed: busy === 0 && copied > 0 && state !== last };
    last = state;
    parentPort?.postMessage(report);
  } catch {
    // Another checkpoint, or a file being closed: the next run tries again.
  }
}, intervalMs);

// Closing the connection before the thread ends: a thread terminated with it open crashes the binding.
parentPort?.on('message', (message: unknown) => {
  if (message !== 'close') return;
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
