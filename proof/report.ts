/**
 * The proof's figures: operations by outcome, kills survived, hostile inputs
 * tried, violations found, each target met or not. Written to
 * proof/results/latest.json as this `ProofReport`, and printed; a violation
 * is printed with the operations that touched its order, variant or key.
 */
import type { Violation } from './check.ts';
import type { HistoryRecord, Operation, Outcome } from './history.ts';

export type Counts = Record<Outcome, number>;

export type ProofReport = {
  command: string;
  generatedAt: string;
  commit: string;
  machine: { cores: number; cpuModel: string; node: string; loadAverageAtStart: number[] };
  runtime: string;
  settings: Record<string, number | string>;
  seconds: number;
  operations: {
    total: number;
    byOutcome: Counts;
    byKind: Record<string, Counts>;
    refusedByReason: Record<string, number>;
  };
  contended: Counts & { total: number; perSecond: number; lostAnswersThatTookEffect: number };
  kills: { planned: number; survived: number; secondsDown: number; answersDuringOutages: number };
  hostile: {
    inputs: number;
    requests: number;
    perSecond: number;
    byStatus: Record<string, number>;
    byTransport: Record<string, number>;
  };
  violations: { count: number; byRule: Record<string, number>; first: Violation[] };
  targets: Array<{ name: string; target: number; measured: number; met: boolean }>;
};

const zero = (): Counts => ({ acknowledged: 0, refused: 0, unknown: 0 });
const bump = (map: Record<string, number>, key: string, by = 1) => {
  map[key] = (map[key] ?? 0) + by;
};

/** Outcome counts of the workload's operations (hostile inputs are counted apart, by status). */
export function countOperations(records: HistoryRecord[]) {
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

function touches(op: Operation, record: HistoryRecord, violation: Violation): boolean {
  if (violation.seq === record.seq) return true;
  const order = record.answer.data?.order;
  if (violation.orderId !== undefined) {
    if ('orderId' in op && op.orderId === violation.orderId) return true;
    if (order?.id === violation.orderId) return true;
  }
  if (violation.key !== undefined && 'key' in op) {
    if (violation.key === op.key || violation.key === `${op.customerId}:${op.key}`) return true;
  }
  if (violation.variantId !== undefined) {
    if ('variantId' in op && op.variantId === violation.variantId) return true;
    if ('items' in op && op.items.some((line) => line.variantId === violation.variantId)) return true;
    if (order?.items.some((line) => line.variantId === violation.variantId)) return true;
  }
  return violation.customerId !== undefined && 'customerId' in op && op.customerId === violation.customerId;
}

function describe(record: HistoryRecord): string {
  const { seq, op, answer } = record;
  const { kind, ...input } = op;
  const told = answer.data?.order
    ? ` order ${answer.data.order.id} ${answer.data.order.status} ${JSON.stringify(answer.data.order.items.map((i) => [i.variantId, i.quantity]))}`
    : answer.data?.cart
      ? ` cart ${JSON.stringify(answer.data.cart.map((i) => [i.variantId, i.quantity]))}`
      : '';
  const why = answer.reason ? ` ${answer.reason}` : answer.failure ? ` ${answer.failure.slice(0, 80)}` : '';
  return `  #${seq} ${(answer.startedAt / 1_000).toFixed(2)}-${(answer.endedAt / 1_000).toFixed(2)} s ${kind} ${JSON.stringify(input)} -> ${answer.outcome} ${answer.status}${why}${told}`;
}

/** The lines printed for the violations: each one, then (at most `perViolation`) the operations that touched it, latest last. */
export function violationLines(
  violations: Violation[],
  records: HistoryRecord[],
  perViolation = 15,
  most = 20,
): string[] {
  const lines: string[] = [];
  for (const violation of violations.slice(0, most)) {
    lines.push(`VIOLATION ${violation.rule}: ${violation.message}`);
    const touching = records.filter((record) => touches(record.op, record, violation));
    if (touching.length > perViolation) lines.push(`  (${touching.length - perViolation} earlier operations left out)`);
    lines.push(...touching.slice(-perViolation).map(describe));
  }
  if (violations.length > most) lines.push(`... and ${violations.length - most} more violations (see latest.json)`);
  return lines;
}

export function summaryLines(report: ProofReport): string[] {
  const { operations: ops, contended, kills, hostile, violations } = report;
  const outcome = (counts: Counts) =>
    `${counts.acknowledged} acknowledged, ${counts.refused} refused, ${counts.unknown} unknown`;
  return [
    `proof: ${report.seconds.toFixed(0)} s against ${report.runtime}`,
    `  operations: ${ops.total} (${outcome(ops.byOutcome)})`,
    `  contended checkouts and orders: ${contended.total} (${outcome(contended)}); ${contended.lostAnswersThatTookEffect} lost answers took effect`,
    `  kills -9 of the database: ${kills.survived} survived of ${kills.planned}, ${kills.secondsDown.toFixed(1)} s down in all`,
    `  hostile inputs: ${hostile.inputs} in ${hostile.requests} requests, by status ${JSON.stringify(hostile.byStatus)}`,
    `  violations: ${violations.count}${violations.count ? ` ${JSON.stringify(violations.byRule)}` : ''}`,
    ...report.targets.map((t) => `  target ${t.name} >= ${t.target}: ${t.measured} ${t.met ? 'met' : 'NOT MET'}`),
  ];
}
