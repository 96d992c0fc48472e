/**
 * Holds the final database against the history. Pure: it reads the records,
 * the outages and a snapshot of the tables (snapshot.ts), and answers every
 * violation with what it touched, so the report can print the operations
 * behind it. An answer is taken as a client must take it (history.ts): what
 * was acknowledged must be there exactly as told, what was refused must have
 * left nothing, and what was lost may have happened or not, but only once.
 */

import { cartChecks } from './check-carts.ts';
import type { Answer, HistoryRecord, Line, Operation, Outage } from './history.ts';
import { duringOutage } from './history.ts';

export type DbState = {
  orders: Array<{ id: number; userId: number; status: string; idempotencyKey: string }>;
  orderItems: Array<{ orderId: number; variantId: number; quantity: number; unitPriceCents: number }>;
  statusHistory: Array<{ id: number; orderId: number; fromStatus: string | null; toStatus: string }>;
  movements: Array<{
    id: number;
    variantId: number;
    change: number;
    reason: string;
    orderId: number | null;
    note: string | null;
  }>;
  variants: Array<{ id: number; stock: number }>;
  carts: Array<{ userId: number; variantId: number; quantity: number }>;
};

export type Scope = {
  /** The workload's customers and variants (with their initial stock): what the history accounts for in full. */
  customers: number[];
  initialStock: Map<number, number>;
  maxPendingOrders: number;
  outages: Outage[];
  /** How long after a restart a 503 may still be the outage's. */
  outageGraceMs: number;
};

export type Violation = {
  rule: string;
  message: string;
  orderId?: number;
  variantId?: number;
  key?: string;
  customerId?: number;
  seq?: number;
};

type OrderRecord = HistoryRecord & { op: Extract<Operation, { kind: 'checkout' | 'createOrder' }> };
type StatusRecord = HistoryRecord & { op: Extract<Operation, { kind: 'cancel' | 'updateStatus' }> };
type StockRecord = HistoryRecord & { op: Extract<Operation, { kind: 'restock' | 'adjust' }> };

const keyOf = (customerId: number, key: string) => `${customerId}:${key}`;
const sortLines = <T extends Line>(lines: T[]) => [...lines].sort((a, b) => a.variantId - b.variantId);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const took = (answer: Answer) => answer.outcome !== 'refused';

function group<T, K>(items: T[], keyFn: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyFn(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Repeated variants are one line, as orders.create merges them. */
function merged(lines: Line[]): Line[] {
  const byVariant = new Map<number, number>();
  for (const { variantId, quantity } of lines) byVariant.set(variantId, (byVariant.get(variantId) ?? 0) + quantity);
  return sortLines([...byVariant].map(([variantId, quantity]) => ({ variantId, quantity })));
}

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
      if (told?.id !== order.id || !same(sortLines(told.items), stored) || told.customerId !== r.op.customerId) {
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
  const statusRecords = records.filter(
    (r): r is StatusRecord => r.op.kind === 'cancel' || r.op.kind === 'updateStatus',
  );
  const target = (r: StatusRecord) => (r.op.kind === 'cancel' ? 'cancelled' : r.op.status);
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

type OrderFacts = {
  ordersById: Map<number, DbState['orders'][number]>;
  ackedKeys: Set<string>;
  cancelAcked: Set<number>;
  /** Orders that a cancellation not refused was sent for. */
  cancelTaken: Set<number>;
  storedLines: (orderId: number) => Array<Line & { unitPriceCents: number }>;
  attemptsByKey: Map<string, OrderRecord[]>;
};

/**
 * Stock: every ledger row of a workload variant was made by an operation that
 * was not refused; every acknowledged change has its row; stock is the
 * initial stock plus the ledger, equals what the acknowledged operations
 * imply plus what lost ones did, and never went below zero.
 */
function stockChecks(records: HistoryRecord[], db: DbState, scope: Scope, facts: OrderFacts): Violation[] {
  const violations: Violation[] = [];
  const stockRecords = records.filter((r): r is StockRecord => r.op.kind === 'restock' || r.op.kind === 'adjust');
  const byTag = new Map(stockRecords.map((r) => [r.op.tag, r]));
  const movements = db.movements.filter((m) => scope.initialStock.has(m.variantId)).sort((a, b) => a.id - b.id);
  const implied = new Map(scope.initialStock);
  const lostApplied = new Map<number, number>();
  const bump = (map: Map<number, number>, variantId: number, change: number) =>
    map.set(variantId, (map.get(variantId) ?? 0) + change);
  const rowsByTag = new Map<string, number>();

  for (const m of movements) {
    let acked = false;
    if (m.reason === 'initial') {
      acked = true;
      if (m.change !== scope.initialStock.get(m.variantId)) {
        violations.push({
          rule: 'stock-change-without-operation',
          message: `variant ${m.variantId} has an initial row of ${m.change}, not ${scope.initialStock.get(m.variantId)}`,
          variantId: m.variantId,
        });
      }
      continue;
    }
    if (m.reason === 'sale' || m.reason === 'cancellation') {
      const order = m.orderId === null ? undefined : facts.ordersById.get(m.orderId);
      const key = order ? keyOf(order.userId, order.idempotencyKey) : '';
      const made =
        m.reason === 'sale'
          ? (facts.attemptsByKey.get(key) ?? []).some((r) => took(r.answer))
          : order !== undefined && facts.cancelTaken.has(order.id);
      if (!order || !made) {
        violations.push({
          rule: 'stock-change-without-operation',
          message: `variant ${m.variantId} moved ${m.change} (${m.reason}, order ${m.orderId}) for no operation of the workload that was not refused`,
          variantId: m.variantId,
          orderId: m.orderId ?? undefined,
        });
        continue;
      }
      acked = m.reason === 'sale' ? facts.ackedKeys.has(key) : facts.cancelAcked.has(order.id);
    } else {
      const r = m.note === null ? undefined : byTag.get(m.note);
      const expected = r ? (r.op.kind === 'restock' ? r.op.quantity : r.op.delta) : undefined;
      if (
        !r ||
        !took(r.answer) ||
        expected !== m.change ||
        r.op.variantId !== m.variantId ||
        (rowsByTag.get(r.op.tag) ?? 0) > 0
      ) {
        violations.push({
          rule: 'stock-change-without-operation',
          message: `variant ${m.variantId} moved ${m.change} (${m.reason}, "${m.note}"), which no operation that was not refused explains once`,
          variantId: m.variantId,
          seq: r?.seq,
        });
        continue;
      }
      rowsByTag.set(r.op.tag, 1);
      acked = r.answer.outcome === 'acknowledged';
    }
    if (!acked) bump(lostApplied, m.variantId, m.change);
  }
  for (const r of stockRecords.filter((r) => r.answer.outcome === 'acknowledged' && !rowsByTag.has(r.op.tag))) {
    violations.push({
      rule: 'acknowledged-stock-change-missing',
      message: `${r.op.kind} ${r.op.tag} of variant ${r.op.variantId} was acknowledged but left no ledger row`,
      variantId: r.op.variantId,
      seq: r.seq,
    });
  }

  // What the acknowledged operations imply, from the answers alone.
  for (const r of stockRecords.filter((r) => r.answer.outcome === 'acknowledged')) {
    bump(implied, r.op.variantId, r.op.kind === 'restock' ? r.op.quantity : r.op.delta);
  }
  for (const key of facts.ackedKeys) {
    const told = facts.attemptsByKey.get(key)?.find((r) => r.answer.outcome === 'acknowledged')?.answer.data?.order;
    for (const item of told?.items ?? [])
      if (scope.initialStock.has(item.variantId)) bump(implied, item.variantId, -item.quantity);
  }
  for (const orderId of facts.cancelAcked) {
    for (const item of facts.storedLines(orderId))
      if (scope.initialStock.has(item.variantId)) bump(implied, item.variantId, item.quantity);
  }

  const stock = new Map(db.variants.map((v) => [v.id, v.stock]));
  const ledgerOf = group(movements, (m) => m.variantId);
  for (const [variantId, initial] of scope.initialStock) {
    const final = stock.get(variantId) ?? Number.NaN;
    const rows = ledgerOf.get(variantId) ?? [];
    const changes = rows.filter((m) => m.reason !== 'initial').reduce((sum, m) => sum + m.change, 0);
    if (final !== initial + changes) {
      violations.push({
        rule: 'stock-not-ledger',
        message: `variant ${variantId} holds ${final}, but its initial stock ${initial} plus its ledger (${changes}) is ${initial + changes}`,
        variantId,
      });
    }
    const expected = (implied.get(variantId) ?? 0) + (lostApplied.get(variantId) ?? 0);
    if (final !== expected) {
      violations.push({
        rule: 'stock-not-implied',
        message: `variant ${variantId} holds ${final}; the acknowledged operations imply ${implied.get(variantId)}, and lost answers that took effect ${lostApplied.get(variantId) ?? 0}`,
        variantId,
      });
    }
    let running = 0;
    for (const [i, m] of rows.entries()) {
      running += m.change;
      if (running < 0) {
        const row = (r: (typeof rows)[number]) =>
          `#${r.id} ${r.change > 0 ? '+' : ''}${r.change} ${r.reason}${r.orderId ? ` order ${r.orderId}` : ''}`;
        violations.push({
          rule: 'stock-below-zero',
          message: `variant ${variantId} went to ${running} at ledger row ${row(m)}, after ${rows
            .slice(Math.max(0, i - 4), i)
            .map(row)
            .join(', ')}`,
          variantId,
          orderId: m.orderId ?? undefined,
        });
        break;
      }
    }
  }
  for (const v of db.variants.filter((v) => v.stock < 0)) {
    violations.push({ rule: 'stock-below-zero', message: `variant ${v.id} holds ${v.stock}`, variantId: v.id });
  }
  return violations;
}

/**
 * Every answer: no 5xx but a 503 DATABASE_UNAVAILABLE while the database was
 * down, always some answer outside an outage, no internals shown, and no
 * read that showed a customer an order of someone else.
 */
function answerChecks(records: HistoryRecord[], db: DbState, scope: Scope): Violation[] {
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
