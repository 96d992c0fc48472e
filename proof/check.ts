/**
 * Holds the final database against the history. Pure: it reads the records,
 * the outages and a snapshot of the tables (snapshot.ts), and answers every
 * violation with what it touched, so the report can print the operations
 * behind it. An answer is taken as a client must take it (history.ts): what
 * was acknowledged must be there exactly as told, what was refused must have
 * left nothing, and what was lost may have happened or not, but only once.
 */
import { answerChecks } from './check-answers.ts';
import {
  type DbState,
  group,
  keyOf,
  merged,
  type OrderRecord,
  type Scope,
  type StatusRecord,
  same,
  sortLines,
  took,
  type Violation,
} from './check-basics.ts';
import { cartChecks } from './check-carts.ts';
import { ackedOrderIds, paymentChecks } from './check-payments.ts';
import { stockChecks } from './check-stock.ts';
import type { HistoryRecord } from './history.ts';

export type { DbState, Scope, Violation } from './check-basics.ts';

export function checkHistory(records: HistoryRecord[], db: DbState, scope: Scope): Violation[] {
  const violations: Violation[] = [];
  const add = (violation: Violation) => violations.push(violation);
  const customers = new Set(scope.customers);
  const ordersById = new Map(db.orders.map((order) => [order.id, order]));
  const itemsOf = group(db.orderItems, (item) => item.orderId);
  const storedLines = (orderId: number) =>
    sortLines(
      (itemsOf.get(orderId) ?? []).map(({ variantId, quantity, unitPriceCents }) => ({
        variantId,
        quantity,
        unitPriceCents,
      })),
    );

  // Orders: one per idempotency key at most, there exactly as acknowledged, absent when every attempt was refused.
  const orderRecords = records.filter((r): r is OrderRecord => r.op.kind === 'checkout' || r.op.kind === 'createOrder');
  const attemptsByKey = group(orderRecords, (r) => keyOf(r.op.customerId, r.op.key));
  const workloadOrders = db.orders.filter((order) => customers.has(order.userId));
  const ordersByKey = group(workloadOrders, (order) => keyOf(order.userId, order.idempotencyKey));
  const ackedKeys = new Set<string>();
  for (const [key, orders] of ordersByKey) {
    if (orders.length > 1)
      add({
        rule: 'key-made-two-orders',
        message: `key ${key} made orders ${orders.map((o) => o.id).join(', ')}`,
        key,
      });
    if (!attemptsByKey.has(key))
      add({
        rule: 'order-without-operation',
        message: `order ${orders[0]?.id} has a key (${key}) no operation sent`,
        orderId: orders[0]?.id,
        key,
      });
  }
  for (const [key, attempts] of attemptsByKey) {
    const order = ordersByKey.get(key)?.[0];
    const acked = attempts.filter((r) => r.answer.outcome === 'acknowledged');
    if (acked.length > 0) ackedKeys.add(key);
    if (acked.length > 0 && !order) {
      add({
        rule: 'acknowledged-order-missing',
        message: `key ${key} was acknowledged as order ${acked[0]?.answer.data?.order?.id} but no order has it`,
        key,
        seq: acked[0]?.seq,
      });
      continue;
    }
    if (!order) continue;
    if (!attempts.some((r) => took(r.answer))) {
      add({
        rule: 'refused-left-row',
        message: `every attempt with key ${key} was refused, yet order ${order.id} has it`,
        key,
        orderId: order.id,
      });
    }
    const stored = storedLines(order.id);
    for (const r of acked) {
      const told = r.answer.data?.order;
      if (
        told?.id !== order.id ||
        !same(sortLines(told.items), stored) ||
        told.customerId !== r.op.customerId ||
        told.totalCents !== order.totalCents
      ) {
        add({
          rule: 'acknowledged-order-differs',
          message: `order ${order.id} is stored as ${JSON.stringify(stored)}; key ${key} was told ${JSON.stringify(told)}`,
          key,
          orderId: order.id,
          seq: r.seq,
        });
      }
    }
    const creates = attempts.filter((r) => r.op.kind === 'createOrder' && took(r.answer));
    const asked = (r: OrderRecord) => (r.op.kind === 'createOrder' ? merged(r.op.items) : []);
    const made = (acked[0]?.op.kind === 'createOrder' ? [acked[0]] : creates).map(asked);
    const lines = stored.map(({ variantId, quantity }) => ({ variantId, quantity }));
    if (creates.length > 0 && !made.some((wanted) => same(wanted, lines))) {
      add({
        rule: 'order-not-as-asked',
        message: `order ${order.id} holds ${JSON.stringify(lines)}, which no order sent with key ${key} asked for`,
        key,
        orderId: order.id,
      });
    }
  }

  // Status: every move in an order's history was made by an operation that was not refused; acknowledged moves are there.
  // A recorded payment confirms the order it pays, so it is a move to confirmed too.
  const statusRecords = records.filter(
    (r): r is StatusRecord => r.op.kind === 'cancel' || r.op.kind === 'updateStatus' || r.op.kind === 'recordPayment',
  );
  const target = (r: StatusRecord) =>
    r.op.kind === 'cancel' ? 'cancelled' : r.op.kind === 'recordPayment' ? 'confirmed' : r.op.status;
  const movesByOrder = group(statusRecords, (r) => `${r.op.orderId}:${target(r)}`);
  const historyOf = group(db.statusHistory, (row) => row.orderId);
  const cancelAcked = new Set<number>();
  for (const order of workloadOrders) {
    const rows = (historyOf.get(order.id) ?? []).sort((a, b) => a.id - b.id);
    for (const row of rows.filter((row) => row.fromStatus !== null)) {
      if (!(movesByOrder.get(`${order.id}:${row.toStatus}`) ?? []).some((r) => took(r.answer))) {
        add({
          rule: 'status-without-operation',
          message: `order ${order.id} went ${row.fromStatus} -> ${row.toStatus}, which no operation that was not refused asked for`,
          orderId: order.id,
        });
      }
    }
    const last = rows[rows.length - 1];
    if (last?.toStatus !== order.status) {
      add({
        rule: 'status-not-history',
        message: `order ${order.id} is ${order.status} but its history ends at ${last?.toStatus}`,
        orderId: order.id,
      });
    }
  }
  for (const r of statusRecords.filter((r) => r.answer.outcome === 'acknowledged')) {
    const rows = historyOf.get(r.op.orderId) ?? [];
    if (!rows.some((row) => row.toStatus === target(r)) || r.answer.data?.order?.status !== target(r)) {
      add({
        rule: 'acknowledged-status-missing',
        message: `order ${r.op.orderId} was acknowledged as ${target(r)}, but its history has no such move`,
        orderId: r.op.orderId,
        seq: r.seq,
      });
    }
    if (target(r) === 'cancelled') cancelAcked.add(r.op.orderId);
  }

  const cancelTaken = new Set(
    statusRecords.filter((r) => target(r) === 'cancelled' && took(r.answer)).map((r) => r.op.orderId),
  );
  const facts = { ordersById, ackedKeys, cancelAcked, cancelTaken, storedLines, attemptsByKey };
  violations.push(...stockChecks(records, db, scope, facts));
  violations.push(...answerChecks(records, db, scope));
  violations.push(...cartChecks(records, db, scope));
  violations.push(
    ...paymentChecks(records, db, { workloadOrders, ackedOrders: ackedOrderIds(attemptsByKey, ordersByKey) }),
  );

  const pending = group(
    workloadOrders.filter((order) => order.status === 'pending'),
    (order) => order.userId,
  );
  for (const [customerId, orders] of pending) {
    if (orders.length > scope.maxPendingOrders) {
      add({
        rule: 'pending-cap',
        message: `customer ${customerId} holds ${orders.length} pending orders, over the cap of ${scope.maxPendingOrders}`,
        customerId,
      });
    }
  }
  return violations;
}
