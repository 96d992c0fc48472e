/**
 * Stock, held against the history: every ledger row of a workload variant is
 * traced to the operation that made it, and the stock to what the answers imply.
 */
import {
  type DbState,
  group,
  keyOf,
  type OrderRecord,
  type Scope,
  type StockRecord,
  took,
  type Violation,
} from './check-basics.ts';
import type { HistoryRecord, Line } from './history.ts';

export type OrderFacts = {
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
export function stockChecks(records: HistoryRecord[], db: DbState, scope: Scope, facts: OrderFacts): Violation[] {
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
    if (m.reason === 'sale' || m.reason === 'cancellation' || m.reason === 'expiry') {
      const order = m.orderId === null ? undefined : facts.ordersById.get(m.orderId);
      const key = order ? keyOf(order.userId, order.idempotencyKey) : '';
      // An expiry row is the clock's, not an operation's: it must belong to an order that expired.
      const made =
        m.reason === 'sale'
          ? (facts.attemptsByKey.get(key) ?? []).some((r) => took(r.answer))
          : m.reason === 'expiry'
            ? order?.status === 'expired'
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
      acked =
        m.reason === 'sale' ? facts.ackedKeys.has(key) : m.reason === 'cancellation' && facts.cancelAcked.has(order.id);
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
