/**
 * CPU time of another process, all its threads together. From the
 * scheduler's own run time per thread (/proc/<pid>/task/<tid>/schedstat, in
 * nanoseconds) where the kernel keeps it, else from /proc/<pid>/stat
 * (utime + stime, exact to one clock tick, 10 ms on most systems). Both are
 * the same quantity: the kernel derives utime + stime from that run time.
 * A thread that ends inside a window takes its time with it, so the
 * processes measured here (workerd, the libSQL server) keep their threads.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

function clockTicksPerSecond(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

export const CLOCK_TICKS_PER_SECOND = clockTicksPerSecond();

/** Milliseconds of CPU the process's threads have used so far, from schedstat; undefined where it is not kept. */
function schedstatMs(pid: number): number | undefined {
  let total = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    }
  } catch {
    return undefined;
  }
  return Number.isFinite(total) && total > 0 ? total / 1e6 : undefined;
}

/** Milliseconds of CPU the process has used so far. */
export function cpuMs(pid: number): number {
  return schedstatMs(pid) ?? statMs(pid);
}

function statMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3, the state.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1_000) / CLOCK_TICKS_PER_SECOND;
}

/** Whether this machine exposes other processes' CPU time the way cpuMs reads it. */
export function canReadCpu(pid: number | undefined): pid is number {
  if (pid === undefined) return false;
  try {
    return Number.isFinite(cpuMs(pid));
  } catch {
    return false;
  }
}
