/**
 * Long-lived children that each lead their own process group, so stopping one
 * stops everything it started too: `wrangler dev` runs workerd underneath, and
 * a signal to wrangler alone can leave workerd holding the port.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

/** How long a group has after SIGTERM to exit before it gets SIGKILL. */
const STOP_GRACE_MS = 5_000;

/** Spawns `command` as the leader of a new process group, for `stopProcessGroup` to stop. */
export function spawnProcessGroup(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(command, args, { ...options, detached: true });
}

/**
 * Sends SIGTERM to the child's whole group, then SIGKILL if the child has not
 * exited within the grace period; resolves once it has exited.
 *
 * @example
 * const wrangler = spawnProcessGroup(process.execPath, [WRANGLER, 'dev'], { stdio: 'inherit' });
 * await stopProcessGroup(wrangler);
 */
export async function stopProcessGroup(child: ChildProcess, graceMs = STOP_GRACE_MS): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), signal);
    } catch {
      // The group is already gone.
    }
  };
  signalGroup('SIGTERM');
  const forced = setTimeout(() => signalGroup('SIGKILL'), graceMs);
  await exited;
  clearTimeout(forced);
}
