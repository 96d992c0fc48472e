/**
 * Kills the database server with SIGKILL at random moments and starts it
 * again on the same file and port, while the load goes on. The run is cut
 * into as many equal slots as kills, and each kill falls at a random moment
 * inside the middle of its slot, so kills spread over the whole run and the
 * last one has time to be recovered from before the end.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Stack } from '../local-stack/start-stack.ts';
import type { History } from './history.ts';

export type KillPlan = {
  stack: Stack;
  history: History;
  t0: number;
  durationMs: number;
  kills: number;
  /** How long the database stays down, at least and at most. */
  downMs: { min: number; max: number };
  /** The delay the restarted server adds to each answer, as the first one did. */
  latencyMs: number;
  random: () => number;
  /** False once the run is stopped early (its request budget spent). */
  go: () => boolean;
};

/** Runs the kills; answers how many were survived (killed, restarted, and answering again). */
export async function runKills(plan: KillPlan): Promise<number> {
  const slotMs = plan.durationMs / plan.kills;
  let survived = 0;
  for (let slot = 0; slot < plan.kills; slot++) {
    const at = slot * slotMs + slotMs * (0.15 + 0.6 * plan.random());
    while (plan.go() && performance.now() - plan.t0 < at)
      await sleep(Math.min(250, at - (performance.now() - plan.t0)));
    if (!plan.go()) break;
    const killedAt = performance.now() - plan.t0;
    await plan.stack.stopDb('SIGKILL');
    await sleep(plan.downMs.min + (plan.downMs.max - plan.downMs.min) * plan.random());
    const restartingAt = performance.now() - plan.t0;
    await plan.stack.restartDb({ latencyMs: plan.latencyMs });
    const restartedAt = performance.now() - plan.t0;
    plan.history.addOutage({ killedAt, restartingAt, restartedAt });
    if (await answers(plan.stack)) survived++;
  }
  return survived;
}

/** The Worker reaches the restarted database again (GET /health is 200) within a few seconds. */
async function answers(stack: Stack): Promise<boolean> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const status = await fetch(`${stack.baseUrl}/health`, { signal: AbortSignal.timeout(5_000) })
      .then((response) => response.status)
      .catch(() => 0);
    if (status === 200) return true;
    await sleep(100);
  }
  return false;
}
