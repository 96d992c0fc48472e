/**
 * The figures of a run, counted from its history: operations by outcome and
 * kind, refusals by reason, the contended checkouts and orders, the kills,
 * the hostile inputs by status and transport, the violations, and each
 * target met or not.
 */
import type { Violation } from './check.ts';
import type { Answer, History, HistoryRecord, Operation } from './history.ts';
import type { Counts, ProofReport } from './report.ts';

const zero = (): Counts => ({ acknowledged: 0, refused: 0, unknown: 0 });
const bump = (map: Record<string, number>, key: string, by = 1) => {
  map[key] = (map[key] ?? 0) + by;
};

/** Outcome counts of the workload's operations (hostile inputs are counted apart, by status). */
function countOperations(records: HistoryRecord[]) {
  const byOutcome = zero();
  const byKind: Record<string, Counts> = {};
  const refusedByReason: Record<string, number> = {};
  const hostileByStatus: Record<string, number> = {};
  const hostileByTransport: Record<string, number> = {};
  let total = 0;
  for (const { op, answer } of records) {
    if (op.kind === 'hostile') {
      bump(hostileByStatus, String(answer.status));
      bump(hostileByTransport, op.transport);
      continue;
    }
    total++;
    byOutcome[answer.outcome]++;
    byKind[op.kind] ??= zero();
    (byKind[op.kind] as Counts)[answer.outcome]++;
    if (answer.outcome === 'refused') bump(refusedByReason, `${op.kind}: ${answer.reason}`);
  }
  return { total, byOutcome, byKind, refusedByReason, hostileByStatus, hostileByTransport };
}

/** Orders made by attempts none of which was acknowledged: commits whose answer was lost. */
function lostThatTookEffect(
  records: Array<{ op: { customerId: number; key: string }; answer: Answer }>,
  orders: Array<{ userId: number; idempotencyKey: string }>,
): number {
  const made = new Set(orders.map((order) => `${order.userId}:${order.idempotencyKey}`));
  const acked = new Set<string>();
  const lost = new Set<string>();
  for (const { op, answer } of records) {
    const key = `${op.customerId}:${op.key}`;
    if (answer.outcome === 'acknowledged') acked.add(key);
    if (answer.outcome === 'unknown') lost.add(key);
  }
  return [...lost].filter((key) => !acked.has(key) && made.has(key)).length;
}

type OrderRecord = HistoryRecord & { op: Extract<Operation, { kind: 'checkout' | 'createOrder' }> };

export type RunFacts = {
  header: Pick<ProofReport, 'command' | 'generatedAt' | 'commit' | 'machine' | 'runtime' | 'settings' | 'seconds'>;
  history: History;
  violations: Violation[];
  orders: Array<{ userId: number; idempotencyKey: string }>;
  kills: { planned: number; survived: number };
  hostile: { requests: number; harnessErrors: number };
  /** What the run must reach: contended operations, kills survived, hostile inputs. */
  targets: { contended: number; kills: number; hostile: number };
};

export function buildReport(run: RunFacts): ProofReport {
  const { history, violations, header } = run;
  const seconds = header.seconds;
  const counted = countOperations(history.records);
  const orderAnswers = history.records.filter(
    (r): r is OrderRecord => r.op.kind === 'checkout' || r.op.kind === 'createOrder',
  );
  const contendedCounts = { acknowledged: 0, refused: 0, unknown: 0 };
  for (const r of orderAnswers) contendedCounts[r.answer.outcome]++;
  const outages = history.outages;
  const hostileInputs = history.records.length - counted.total;
  const byRule: Record<string, number> = {};
  for (const v of violations) byRule[v.rule] = (byRule[v.rule] ?? 0) + 1;
  const report: ProofReport = {
    ...header,
    operations: {
      total: counted.total,
      byOutcome: counted.byOutcome,
      byKind: counted.byKind,
      refusedByReason: counted.refusedByReason,
    },
    contended: {
      total: orderAnswers.length,
      ...contendedCounts,
      perSecond: orderAnswers.length / seconds,
      lostAnswersThatTookEffect: lostThatTookEffect(orderAnswers, run.orders),
    },
    kills: {
      ...run.kills,
      secondsDown: outages.reduce((sum, o) => sum + (o.restartedAt - o.killedAt) / 1_000, 0),
      answersDuringOutages: history.records.filter((r) => r.answer.status === 503).length,
    },
    hostile: {
      inputs: hostileInputs,
      ...run.hostile,
      perSecond: hostileInputs / seconds,
      byStatus: counted.hostileByStatus,
      byTransport: counted.hostileByTransport,
    },
    violations: { count: violations.length, byRule, first: violations.slice(0, 50) },
    targets: [
      { name: 'contended checkouts and orders', target: run.targets.contended, measured: orderAnswers.length },
      { name: 'kills survived', target: run.targets.kills, measured: run.kills.survived },
      { name: 'hostile inputs', target: run.targets.hostile, measured: hostileInputs },
    ].map((t) => ({ ...t, met: t.measured >= t.target })),
  };
  return report;
}
