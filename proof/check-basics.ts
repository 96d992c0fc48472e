/**
 * What the checks share: the database snapshot they read, the scope of the
 * workload, the violation they answer, and small helpers over the records.
 */
import type { Answer, HistoryRecord, Line, Operation, Outage } from './history.ts';

export type DbState = {
  orders: Array<{ id: number; userId: number; status: string; idempotencyKey: string; totalCents: number }>;
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
  payments: Array<{ id: number; orderId: number; status: string; amountCents: number; capturedCents: number }>;
  refunds: Array<{ paymentId: number; amountCents: number }>;
  discountCodes: Array<{ id: number; code: string; usedCount: number; usageLimit: number | null }>;
  redemptions: Array<{ discountCodeId: number; orderId: number }>;
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

export type OrderRecord = HistoryRecord & { op: Extract<Operation, { kind: 'checkout' | 'createOrder' }> };
export type StatusRecord = HistoryRecord & {
  op: Extract<Operation, { kind: 'cancel' | 'updateStatus' | 'recordPayment' }>;
};
export type StockRecord = HistoryRecord & { op: Extract<Operation, { kind: 'restock' | 'adjust' }> };

export const keyOf = (customerId: number, key: string) => `${customerId}:${key}`;
export const sortLines = <T extends Line>(lines: T[]) => [...lines].sort((a, b) => a.variantId - b.variantId);
export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
export const took = (answer: Answer) => answer.outcome !== 'refused';

export function group<T, K>(items: T[], keyFn: (item: T) => K): Map<K, T[]> {
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
export function merged(lines: Line[]): Line[] {
  const byVariant = new Map<number, number>();
  for (const { variantId, quantity } of lines) byVariant.set(variantId, (byVariant.get(variantId) ?? 0) + quantity);
  return sortLines([...byVariant].map(([variantId, quantity]) => ({ variantId, quantity })));
}
