import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, ORDER_TRANSITIONS, type OrderStatus } from '../../src/shared/order-status.ts';
import {
  countRoundTrips,
  FIXTURE_METHOD_ID,
  fixtureProduct,
  newIdempotencyKey,
  signInAdmin,
  signUpCustomer,
  sqlClient,
  stockAndLedger,
  trpcError,
} from './helpers.ts';

/** The shortest path of valid moves from pending to each status. */
const PATH_TO: Record<OrderStatus, OrderStatus[]> = {
  pending: [],
  processing: ['processing'],
  shipped: ['processing', 'shipped'],
  delivered: ['processing', 'shipped', 'delivered'],
  cancelled: ['cancelled'],
};

async function orderIn(status: OrderStatus, quantity = 1) {
  const product = await fixtureProduct({ stock: 20 });
  const customer = await signUpCustomer();
  const admin = await signInAdmin();
  const order = await customer.api.orders.create.mutate({
    idempotencyKey: newIdempotencyKey(),
    items: [{ variantId: product.variantId, quantity }],
    shippingMethodId: FIXTURE_METHOD_ID,
  });
  for (const next of PATH_TO[status]) await admin.api.orders.updateStatus.mutate({ id: order.id, status: next });
  return { order, product, customer, admin };
}

describe('orders.updateStatus', () => {
  for (const from of ORDER_STATUSES) {
    for (const to of ORDER_STATUSES) {
      const allowed = (ORDER_TRANSITIONS[from] as readonly OrderStatus[]).includes(to);
      it(`${allowed ? 'allows' : 'refuses'} ${from} -> ${to}${allowed ? '' : ' with INVALID_TRANSITION'}`, async () => {
        const { order, admin } = await orderIn(from);
        if (allowed) {
          const moved = await admin.api.orders.updateStatus.mutate({ id: order.id, status: to, note: 'by test' });
          expect(moved.status).toBe(to);
          expect(moved.history.at(-1)).toMatchObject({
            fromStatus: from,
            toStatus: to,
            actorId: admin.user.id,
            note: 'by test',
          });
          expect(moved.history).toHaveLength(PATH_TO[from].length + 2);
        } else {
          const error = await trpcError(admin.api.orders.updateStatus.mutate({ id: order.id, status: to }));
          expect(error.data).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
          expect(error.message).toContain(from);
          expect(error.message).toContain(to);
          const unchanged = await admin.api.orders.get.query({ id: order.id });
          expect(unchanged.status).toBe(from);
          expect(unchanged.history).toHaveLength(PATH_TO[from].length + 1);
        }
      });
    }
  }

  it('takes one round trip and writes an audit row in the same batch', async () => {
    const { order, admin } = await orderIn('pending');
    const trips = await countRoundTrips(() =>
      admin.api.orders.updateStatus.mutate({ id: order.id, status: 'processing' }),
    );
    expect(trips).toBe(1);
    const db = sqlClient();
    const audit = await db.execute({
      sql: "SELECT actor_id, action, request_id FROM audit_log WHERE target = ? AND action = 'orders.updateStatus'",
      args: [`order:${order.id}`],
    });
    db.close();
    expect(audit.rows).toHaveLength(1);
    expect(Number(audit.rows[0]?.actor_id)).toBe(admin.user.id);
    expect(String(audit.rows[0]?.request_id)).not.toBe('');
  });

  it('lets exactly one of two concurrent conflicting changes win; the other gets CONFLICT', async () => {
    for (const [first, second] of [
      ['processing', 'cancelled'],
      ['processing', 'processing'],
    ] as const) {
      const { order, admin } = await orderIn('pending');
      const results = await Promise.allSettled([
        admin.api.orders.updateStatus.mutate({ id: order.id, status: first, expectedStatus: 'pending' }),
        admin.api.orders.updateStatus.mutate({ id: order.id, status: second, expectedStatus: 'pending' }),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason.data.code).toBe('CONFLICT');
      const final = await admin.api.orders.get.query({ id: order.id });
      expect(final.history).toHaveLength(2);
    }
  });

  it('refuses customers with FORBIDDEN and unknown orders with NOT_FOUND', async () => {
    const { order, customer, admin } = await orderIn('pending');
    expect(
      (await trpcError(customer.api.orders.updateStatus.mutate({ id: order.id, status: 'processing' }))).data.code,
    ).toBe('FORBIDDEN');
    expect(
      (await trpcError(admin.api.orders.updateStatus.mutate({ id: 999_999_999, status: 'processing' }))).data.code,
    ).toBe('NOT_FOUND');
  });
});

describe('cancelling', () => {
  it('restocks every line with cancellation movements in the same batch (one round trip)', async () => {
    const { order, product, customer } = await orderIn('pending', 4);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 16, ledger: 16 });
    const trips = await countRoundTrips(() => customer.api.orders.cancel.mutate({ id: order.id }));
    expect(trips).toBe(1);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 20, ledger: 20 });
    const db = sqlClient();
    const movements = await db.execute({
      sql: 'SELECT quantity_change, reason FROM inventory_movements WHERE order_id = ? ORDER BY id',
      args: [order.id],
    });
    db.close();
    expect(movements.rows.map((row) => [Number(row.quantity_change), row.reason])).toEqual([
      [-4, 'sale'],
      [4, 'cancellation'],
    ]);
  });

  it('lets an admin cancel in one round trip, restock and audit row in the same batch', async () => {
    const { order, product, admin } = await orderIn('processing', 2);
    let cancelled: Awaited<ReturnType<typeof admin.api.orders.cancel.mutate>> | undefined;
    expect(
      await countRoundTrips(async () => (cancelled = await admin.api.orders.cancel.mutate({ id: order.id }))),
    ).toBe(1);
    expect(cancelled?.status).toBe('cancelled');
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 20, ledger: 20 });
    const db = sqlClient();
    const audit = await db.execute({
      sql: "SELECT actor_id FROM audit_log WHERE target = ? AND action = 'orders.cancel'",
      args: [`order:${order.id}`],
    });
    db.close();
    expect(audit.rows.map((row) => Number(row.actor_id))).toEqual([admin.user.id]);
  });

  it('restocks when an admin cancels through updateStatus from processing', async () => {
    const { order, product, admin } = await orderIn('processing', 3);
    await admin.api.orders.updateStatus.mutate({ id: order.id, status: 'cancelled' });
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 20, ledger: 20 });
  });

  it('lets the owner cancel only while pending, an admin while processing too', async () => {
    const processing = await orderIn('processing');
    const error = await trpcError(processing.customer.api.orders.cancel.mutate({ id: processing.order.id }));
    expect(error.data).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
    const cancelled = await processing.admin.api.orders.cancel.mutate({ id: processing.order.id });
    expect(cancelled.status).toBe('cancelled');
    const shipped = await orderIn('shipped');
    const late = await trpcError(shipped.admin.api.orders.cancel.mutate({ id: shipped.order.id }));
    expect(late.data).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
  });

  it("answers NOT_FOUND when a customer cancels someone else's order, and changes nothing", async () => {
    const { order, product } = await orderIn('pending', 2);
    const stranger = await signUpCustomer();
    const error = await trpcError(stranger.api.orders.cancel.mutate({ id: order.id }));
    expect(error.data.code).toBe('NOT_FOUND');
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 18, ledger: 18 });
  });

  it('restocks exactly once when two cancels race', async () => {
    const { order, product, customer, admin } = await orderIn('pending', 5);
    const results = await Promise.allSettled([
      customer.api.orders.cancel.mutate({ id: order.id }),
      admin.api.orders.cancel.mutate({ id: order.id }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 20, ledger: 20 });
  });
});
