/**
 * The proof's figures: operations by outcome, kills survived, hostile inputs
 * tried, violations found, each target met or not. Written to
 * proof/results/latest.json as this `ProofReport`, and printed; a violation
 * is printed with the operations that touched its order, variant or key.
 */
import type { Violation } from './check.ts';
import type { HistoryRecord, Outcome } from './history.ts';

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
    /** Plans the proof itself failed to send (its own fault, printed when it happened). */
    harnessErrors: number;
    perSecond: number;
    byStatus: Record<string, number>;
    byTransport: Record<string, number>;
  };
  violations: { count: number; byRule: Record<string, number>; first: Violation[] };
  targets: Array<{ name: string; target: number; measured: number; met: boolean }>;
};

/** Whether a record names the violation's own operation, order or key. */
function touchesExactly(record: HistoryRecord, violation: Violation): boolean {
  const { op } = record;
  if (violation.seq === record.seq) return true;
  if (violation.orderId !== undefined) {
    if ('orderId' in op && op.orderId === violation.orderId) return true;
    if (record.answer.data?.order?.id === violation.orderId) return true;
  }
  return (
    violation.key !== undefined &&
    'key' in op &&
    (violation.key === op.key || violation.key === `${op.customerId}:${op.key}`)
  );
}

/** Whether a record touched the violation's variant or customer, which thousands of records may. */
function touchesBroadly(record: HistoryRecord, violation: Violation): boolean {
  const { op } = record;
  if (violation.variantId !== undefined) {
    if ('variantId' in op && op.variantId === violation.variantId) return true;
    if ('items' in op && op.items.some((line) => line.variantId === violation.variantId)) return true;
    if (record.answer.data?.order?.items.some((line) => line.variantId === violation.variantId)) return true;
  }
  return violation.customerId !== undefined && 'customerId' in op && op.customerId === violation.customerId;
}

/** Records on the same variant or customer that ended this long before an exact one began still count as its lead-up. */
const LEAD_UP_MS = 2_000;

/**
 * The records behind a violation: those naming its operation, order or key,
 * and of those touching its variant or customer, the ones in flight just
 * before and during the first of them (or the latest, when nothing names it exactly).
 */
function behind(
  violation: Violation,
  records: HistoryRecord[],
  most: number,
): { shown: HistoryRecord[]; left: number } {
  const exact = records.filter((record) => touchesExactly(record, violation));
  const broad = records.filter((record) => !exact.includes(record) && touchesBroadly(record, violation));
  // What moved the same variant or customer just before the first record that names it, while it was in flight.
  const first = exact[0]?.answer;
  const leadUp = first
    ? broad.filter((r) => r.answer.endedAt >= first.startedAt - LEAD_UP_MS && r.answer.startedAt <= first.endedAt)
    : broad;
  const picked = [...exact.slice(0, most), ...leadUp.slice(-Math.max(most - exact.length, 10))];
  const shown = picked.sort((a, b) => a.seq - b.seq);
  return { shown, left: exact.length + broad.length - shown.length };
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
    const { shown, left } = behind(violation, records, perViolation);
    lines.push(...shown.map(describe));
    if (left > 0) lines.push(`  (and ${left} more operations on the same variant or customer, in history.jsonl)`);
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
    `  hostile inputs: ${hostile.inputs} in ${hostile.requests} requests, by status ${JSON.stringify(hostile.byStatus)}${hostile.harnessErrors ? `; ${hostile.harnessErrors} plans the proof failed to send` : ''}`,
    `  violations: ${violations.count}${violations.count ? ` ${JSON.stringify(violations.byRule)}` : ''}`,
    ...report.targets.map((t) => `  target ${t.name} >= ${t.target}: ${t.measured} ${t.met ? 'met' : 'NOT MET'}`),
  ];
}
