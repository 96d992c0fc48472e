/**
 * The proof's history checker (proof/check.ts) on small hand-made histories:
 * a database that matches what the answers said passes, a lost answer may
 * have taken effect once, and each kind of damage is found and named.
 */
import { describe, expect, it } from 'vitest';
import { checkHistory, type DbState, type Scope } from '../../../proof/check.ts';
import type { Answer, HistoryRecord, Operation } from '../../../proof/history.ts';

const CUSTOMER = 1;
const OTHER = 2;
const HOT = 10;
let clock = 0;

function record(
  seq: number,
  op: Operation,
  answer: Partial<Answer> & Pick<Answer, 'outcome' | 'status'>,
): HistoryRecord {
  clock += 10;
  return { seq, op, answer: { startedAt: clock, endedAt: clock + 5, ...answer } };
}

const order = (id: number, quantity: number, customerId = CUSTOMER) => ({
  order: { id, status: 'pending', customerId, items: [{ variantId: HOT, quantity, unitPriceCents: 1_000 }] },
});

/** Add two, check out (order 100), an order refused for stock, a restock of 3, and a checkout whose answer was lost in an outage. */
function history(): HistoryRecord[] {
  clock = 0;
  return [
    record(
      0,
      { kind: 'cartAdd', customerId: CUSTOMER, variantId: HOT, quantity: 2 },
      { outcome: 'acknowledged', status: 200 },
    ),
    record(
      1,
      { kind: 'checkout', customerId: CUSTOMER, key: 'key-one' },
      { outcome: 'acknowledged', status: 200, data: order(100, 2) },
    ),
    record(
      2,
      { kind: 'createOrder', customerId: CUSTOMER, key: 'key-two', items: [{ variantId: HOT, quantity: 9 }] },
      { outcome: 'refused', status: 409, reason: 'INSUFFICIENT_STOCK' },
    ),
    record(
      3,
      { kind: 'restock', variantId: HOT, quantity: 3, tag: 'restock-1' },
      { outcome: 'acknowledged', status: 200 },
    ),
    record(
      4,
      { kind: 'createOrder', customerId: CUSTOMER, key: 'key-three', items: [{ variantId: HOT, quantity: 1 }] },
      {
        outcome: 'unknown',
        status: 503,
        reason: 'DATABASE_UNAVAILABLE',
      },
    ),
  ];
}

/** The database exactly as those answers imply, with the lost order not made. */
function database(): DbState {
  return {
    orders: [{ id: 100, userId: CUSTOMER, status: 'pending', idempotencyKey: 'key-one' }],
    orderItems: [{ orderId: 100, variantId: HOT, quantity: 2, unitPriceCents: 1_000 }],
    statusHistory: [{ id: 1, orderId: 100, fromStatus: null, toStatus: 'pending' }],
    movements: [
      { id: 1, variantId: HOT, change: 5, reason: 'initial', orderId: null, note: null },
      { id: 2, variantId: HOT, change: -2, reason: 'sale', orderId: 100, note: null },
      { id: 3, variantId: HOT, change: 3, reason: 'restock', orderId: null, note: 'restock-1' },
    ],
    variants: [{ id: HOT, stock: 6 }],
    carts: [],
  };
}

const scope = (): Scope => ({
  customers: [CUSTOMER],
  initialStock: new Map([[HOT, 5]]),
  maxPendingOrders: 5,
  outages: [{ killedAt: 40, restartingAt: 60, restartedAt: 70 }],
  outageGraceMs: 100,
});

/** The database with one more order of `quantity` units of the hot variant, sold, and the stock left after it. */
function withOrder(id: number, key: string, quantity: number, stockAfter: number): DbState {
  const db = database();
  db.orders.push({ id, userId: CUSTOMER, status: 'pending', idempotencyKey: key });
  db.orderItems.push({ orderId: id, variantId: HOT, quantity, unitPriceCents: 1_000 });
  db.statusHistory.push({ id: 2, orderId: id, fromStatus: null, toStatus: 'pending' });
  db.movements.push({ id: 4, variantId: HOT, change: -quantity, reason: 'sale', orderId: id, note: null });
  db.variants = [{ id: HOT, stock: stockAfter }];
  return db;
}

const rules = (records: HistoryRecord[], db: DbState) => checkHistory(records, db, scope()).map((v) => v.rule);

describe('the proof history checker', () => {
  it('passes a database that holds exactly what the answers said', () => {
    expect(checkHistory(history(), database(), scope())).toEqual([]);
  });

  it('allows an order whose answer was lost to have been made, once', () => {
    expect(checkHistory(history(), withOrder(101, 'key-three', 1, 5), scope())).toEqual([]);
  });

  it('finds an order left by a refused request, and the stock it took', () => {
    expect(rules(history(), withOrder(102, 'key-two', 9, -3))).toEqual(
      expect.arrayContaining([
        'refused-left-row',
        'stock-change-without-operation',
        'stock-not-implied',
        'stock-below-zero',
      ]),
    );
  });

  it('finds an acknowledged order that is missing and a restock that left no row', () => {
    const db = database();
    db.orders = [];
    db.orderItems = [];
    db.statusHistory = [];
    db.movements = db.movements.filter((m) => m.reason === 'initial');
    db.variants = [{ id: HOT, stock: 5 }];
    expect(rules(history(), db)).toEqual(
      expect.arrayContaining(['acknowledged-order-missing', 'acknowledged-stock-change-missing', 'stock-not-implied']),
    );
  });

  it('finds a 500 with the database up, a leak, and an order shown to another customer', () => {
    const records = [
      ...history(),
      record(
        5,
        { kind: 'orderGet', customerId: OTHER, orderId: 100 },
        { outcome: 'acknowledged', status: 200, data: order(100, 2) },
      ),
      record(
        6,
        {
          kind: 'hostile',
          procedure: 'catalog.products',
          transport: 'batch',
          caller: 'anonymous',
          input: '{}',
          leak: '/libsql/i',
        },
        { outcome: 'unknown', status: 500 },
      ),
    ];
    expect(rules(records, database()).sort()).toEqual(['cross-customer-read', 'leak', 'server-error']);
  });

  it('finds a cart that differs from what its acknowledged changes imply', () => {
    const records = [
      ...history(),
      record(
        5,
        { kind: 'cartAdd', customerId: CUSTOMER, variantId: HOT, quantity: 1 },
        { outcome: 'acknowledged', status: 200 },
      ),
    ];
    // The lost createOrder does not touch the cart, so the cart is known: one unit, which the database lacks.
    expect(rules(records, database())).toEqual(['cart-differs']);
  });
});
