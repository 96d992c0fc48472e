/** Every answer, workload and hostile alike: its status, what it shows, and whose orders. */
import type { DbState, Scope, Violation } from './check-basics.ts';
import { duringOutage, type HistoryRecord } from './history.ts';

/**
 * Every answer: no 5xx but a 503 DATABASE_UNAVAILABLE while the database was
 * down, always some answer outside an outage, no internals shown, and no
 * read that showed a customer an order of someone else.
 */
export function answerChecks(records: HistoryRecord[], db: DbState, scope: Scope): Violation[] {
  const violations: Violation[] = [];
  const owner = new Map(db.orders.map((order) => [order.id, order.userId]));
  for (const { op, answer, seq } of records) {
    const what = op.kind === 'hostile' ? `${op.procedure} (${op.transport})` : op.kind;
    const outage = duringOutage(answer, scope.outages, scope.outageGraceMs);
    const unavailable = answer.status === 503 && answer.reason === 'DATABASE_UNAVAILABLE';
    if (answer.status >= 500 && !(unavailable && outage)) {
      violations.push({
        rule: 'server-error',
        message: `${what} answered ${answer.status} ${answer.reason ?? ''}${outage ? '' : ' with the database up'}`,
        seq,
      });
    } else if (answer.status === 0 && !outage) {
      violations.push({
        rule: 'no-answer',
        message: `${what} got no answer with the database up: ${answer.failure}`,
        seq,
      });
    }
    if (op.kind === 'hostile' && op.leak)
      violations.push({ rule: 'leak', message: `${what} answered with ${op.leak}`, seq });
    const reader =
      op.kind === 'hostile' || op.kind === 'orderGet' || op.kind === 'ordersMine' ? op.customerId : undefined;
    if (reader === undefined || answer.outcome !== 'acknowledged') continue;
    const shown = answer.data?.order ? [answer.data.order.id] : (answer.data?.orderIds ?? []);
    const told = answer.data?.order ? [answer.data.order.customerId] : (answer.data?.customerIds ?? []);
    shown.forEach((orderId, i) => {
      if (owner.get(orderId) !== reader || told[i] !== reader) {
        violations.push({
          rule: 'cross-customer-read',
          message: `customer ${reader} was shown order ${orderId} of customer ${owner.get(orderId)}`,
          orderId,
          customerId: reader,
          seq,
        });
      }
    });
  }
  return violations;
}
