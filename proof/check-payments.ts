/**
 * Money, held against the history: one payment per order for exactly its
 * total, a code's uses equal to the live orders that redeemed it and within
 * its limit, no captured money of a cancelled order without a refund that
 * covers it, and every acknowledged payment recording left its order confirmed.
 */
import { type DbState, group, type OrderRecord, type Violation } from './check-basics.ts';
import type { HistoryRecord, Operation } from './history.ts';

/** Orders that gave their code back: a cancelled or expired order no longer counts as a use. */
const DEAD_STATUSES = new Set(['cancelled', 'expired']);

type PaymentRecord = HistoryRecord & { op: Extract<Operation, { kind: 'recordPayment' }> };

/** The ids of the stored orders whose key was acknowledged at least once. */
export function ackedOrderIds(
  attemptsByKey: Map<string, OrderRecord[]>,
  ordersByKey: Map<string, DbState['orders']>,
): Set<number> {
  const ids = new Set<number>();
  for (const [key, attempts] of attemptsByKey) {
    const order = ordersByKey.get(key)?.[0];
    if (order && attempts.some((r) => r.answer.outcome === 'acknowledged')) ids.add(order.id);
  }
  return ids;
}

export function paymentChecks(
  records: HistoryRecord[],
  db: DbState,
  facts: { workloadOrders: DbState['orders']; ackedOrders: Set<number> },
): Violation[] {
  const violations: Violation[] = [];
  const paymentsOf = group(db.payments, (payment) => payment.orderId);
  const refundedOf = new Map<number, number>();
  for (const refund of db.refunds)
    refundedOf.set(refund.paymentId, (refundedOf.get(refund.paymentId) ?? 0) + refund.amountCents);
  const ordersById = new Map(db.orders.map((order) => [order.id, order]));

  for (const order of facts.workloadOrders) {
    const payments = paymentsOf.get(order.id) ?? [];
    if (payments.length !== 1 || payments[0]?.amountCents !== order.totalCents) {
      violations.push({
        rule: facts.ackedOrders.has(order.id) ? 'acknowledged-order-payment' : 'order-payment',
        message: `order ${order.id} (total ${order.totalCents}) has payments ${JSON.stringify(payments.map((p) => p.amountCents))}, not one for its total`,
        orderId: order.id,
      });
    }
  }

  for (const order of db.orders.filter((order) => order.status === 'cancelled')) {
    for (const payment of (paymentsOf.get(order.id) ?? []).filter((p) => p.capturedCents > 0)) {
      const refunded = refundedOf.get(payment.id) ?? 0;
      if (refunded < payment.capturedCents) {
        violations.push({
          rule: 'cancelled-capture-unrefunded',
          message: `order ${order.id} is cancelled with ${payment.capturedCents} captured, but its refunds come to ${refunded}`,
          orderId: order.id,
        });
      }
    }
  }

  const liveRedemptions = group(
    db.redemptions.filter((r) => {
      const status = ordersById.get(r.orderId)?.status;
      return status !== undefined && !DEAD_STATUSES.has(status);
    }),
    (r) => r.discountCodeId,
  );
  for (const code of db.discountCodes) {
    const live = liveRedemptions.get(code.id)?.length ?? 0;
    if (code.usedCount !== live) {
      violations.push({
        rule: 'code-uses-not-redemptions',
        message: `code ${code.code} counts ${code.usedCount} uses, but ${live} live orders redeemed it`,
      });
    }
    if (code.usageLimit !== null && Math.max(code.usedCount, live) > code.usageLimit) {
      violations.push({
        rule: 'code-over-limit',
        message: `code ${code.code} has ${code.usedCount} uses (${live} live orders) over its limit of ${code.usageLimit}`,
      });
    }
  }

  const historyOf = group(db.statusHistory, (row) => row.orderId);
  const paid = records.filter(
    (r): r is PaymentRecord => r.op.kind === 'recordPayment' && r.answer.outcome === 'acknowledged',
  );
  for (const r of paid) {
    const order = ordersById.get(r.op.orderId);
    const payment = paymentsOf.get(r.op.orderId)?.[0];
    const confirmed = (historyOf.get(r.op.orderId) ?? []).some((row) => row.toStatus === 'confirmed');
    if (
      !order ||
      r.op.amountCents !== order.totalCents ||
      payment?.capturedCents !== order.totalCents ||
      !confirmed ||
      r.answer.data?.order?.status !== 'confirmed'
    ) {
      violations.push({
        rule: 'acknowledged-payment-not-confirmed',
        message: `a payment of ${r.op.amountCents} for order ${r.op.orderId} (total ${order?.totalCents}) was acknowledged, but the order is ${order?.status}, told ${r.answer.data?.order?.status}, captured ${payment?.capturedCents}${confirmed ? '' : ', never confirmed'}`,
        orderId: r.op.orderId,
        seq: r.seq,
      });
    }
  }
  return violations;
}
