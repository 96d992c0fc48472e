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
  order: {
    id,
    status: 'pending',
    customerId,
    items: [{ variantId: HOT, quantity, unitPriceCents: 1_000 }],
    totalCents: quantity * 1_000,
  },
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
      { kind: 'checkout', customerId: CUSTOMER, key: 'key-one', expectedTotalCents: 2_000 },
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
    orders: [{ id: 100, userId: CUSTOMER, status: 'pending', idempotencyKey: 'key-one', totalCents: 2_000 }],
    orderItems: [{ orderId: 100, variantId: HOT, quantity: 2, unitPriceCents: 1_000 }],
    statusHistory: [{ id: 1, orderId: 100, fromStatus: null, toStatus: 'pending' }],
    movements: [
      { id: 1, variantId: HOT, change: 5, reason: 'initial', orderId: null, note: null },
      { id: 2, variantId: HOT, change: -2, reason: 'sale', orderId: 100, note: null },
      { id: 3, variantId: HOT, change: 3, reason: 'restock', orderId: null, note: 'restock-1' },
    ],
    variants: [{ id: HOT, stock: 6 }],
    carts: [],
    payments: [{ id: 1, orderId: 100, status: 'pending', amountCents: 2_000, capturedCents: 0 }],
    refunds: [],
    discountCodes: [{ id: 1, code: 'HOT', usedCount: 1, usageLimit: 1 }],
    redemptions: [{ discountCodeId: 1, orderId: 100 }],
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
  db.orders.push({ id, userId: CUSTOMER, status: 'pending', idempotencyKey: key, totalCents: quantity * 1_000 });
  db.payments.push({ id: 2, orderId: id, status: 'pending', amountCents: quantity * 1_000, capturedCents: 0 });
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

  describe('payments and codes', () => {
    const paid = (seq: number, status = 'confirmed') =>
      record(
        seq,
        { kind: 'recordPayment', orderId: 100, amountCents: 2_000, reference: 'bank-1' },
        { outcome: 'acknowledged', status: 200, data: { order: { ...order(100, 2).order, status } } },
      );
    const cancelled = (seq: number) =>
      record(
        seq,
        { kind: 'updateStatus', orderId: 100, status: 'cancelled' },
        { outcome: 'acknowledged', status: 200, data: { order: { ...order(100, 2).order, status: 'cancelled' } } },
      );
    /** Order 100 paid, then cancelled by an admin: its stock back, its code use given back, `refunded` cents refunded. */
    function paidAndCancelled(refunded: number): DbState {
      const db = database();
      db.orders = [{ ...(db.orders[0] as DbState['orders'][number]), status: 'cancelled' }];
      db.statusHistory.push(
        { id: 2, orderId: 100, fromStatus: 'pending', toStatus: 'confirmed' },
        { id: 3, orderId: 100, fromStatus: 'confirmed', toStatus: 'cancelled' },
      );
      db.movements.push({ id: 4, variantId: HOT, change: 2, reason: 'cancellation', orderId: 100, note: null });
      db.variants = [{ id: HOT, stock: 8 }];
      db.payments = [{ id: 1, orderId: 100, status: 'captured', amountCents: 2_000, capturedCents: 2_000 }];
      db.refunds = refunded > 0 ? [{ paymentId: 1, amountCents: refunded }] : [];
      db.discountCodes = [{ id: 1, code: 'HOT', usedCount: 0, usageLimit: 1 }];
      db.redemptions = [];
      return db;
    }

    it('passes a paid order cancelled with a refund for what was captured', () => {
      expect(checkHistory([...history(), paid(5), cancelled(6)], paidAndCancelled(2_000), scope())).toEqual([]);
    });

    it('finds a cancelled order whose captured payment no refund covers', () => {
      expect(rules([...history(), paid(5), cancelled(6)], paidAndCancelled(1_500))).toEqual([
        'cancelled-capture-unrefunded',
      ]);
    });

    it('finds a payment acknowledged for an order that was never confirmed', () => {
      expect(rules([...history(), paid(5)], database()).sort()).toEqual([
        'acknowledged-payment-not-confirmed',
        'acknowledged-status-missing',
      ]);
    });

    it('finds an order whose payment is not for its total', () => {
      const db = database();
      db.payments = [{ id: 1, orderId: 100, status: 'pending', amountCents: 1_999, capturedCents: 0 }];
      expect(rules(history(), db)).toEqual(['acknowledged-order-payment']);
    });

    it('finds a code whose uses are not its live redemptions, over its limit', () => {
      const db = database();
      db.discountCodes = [{ id: 1, code: 'HOT', usedCount: 2, usageLimit: 1 }];
      expect(rules(history(), db).sort()).toEqual(['code-over-limit', 'code-uses-not-redemptions']);
    });

    it('finds a use still counted for a cancelled order', () => {
      const db = paidAndCancelled(2_000);
      db.discountCodes = [{ id: 1, code: 'HOT', usedCount: 1, usageLimit: 1 }];
      db.redemptions = [{ discountCodeId: 1, orderId: 100 }];
      expect(rules([...history(), paid(5), cancelled(6)], db)).toEqual(['code-uses-not-redemptions']);
    });
  });
});
