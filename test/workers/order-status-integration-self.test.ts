import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/index.ts';
import {
  ADMIN_STATUS_MOVES,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  type OrderStatus,
} from '../../src/shared/order-status.ts';
import {
  countRoundTrips,
  FIXTURE_METHOD_ID,
  fixtureProduct,
  newIdempotencyKey,
  runSql,
  shipAndDeliver,
  signInAdmin,
  signUpCustomer,
  sqlClient,
  stockAndLedger,
  trpcError,
} from './helpers.ts';

/** How an order reaches each status: payments confirm, delivery of a paid order completes, the clock expires. */
async function reach(status: OrderStatus, admin: Admin, order: { id: number; totalCents: number }) {
  if (status === 'confirmed' || status === 'completed') {
    await admin.api.payments.record.mutate({ orderId: order.id, amountCents: order.totalCents, reference: 'test' });
  }
  if (status === 'completed') {
    await shipAndDeliver(admin.api, order.id);
  }
  if (status === 'cancelled') await admin.api.orders.cancel.mutate({ id: order.id });
  if (status === 'expired') {
    await runSql(
      "UPDATE orders SET hold_expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 minute') WHERE id = ?",
      [order.id],
    );
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '* * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
  }
}

type Admin = Awaited<ReturnType<typeof signInAdmin>>;

async function orderIn(status: OrderStatus, quantity = 1) {
  const product = await fixtureProduct({ stock: 20 });
  const customer = await signUpCustomer();
  const admin = await signInAdmin();
  const order = await customer.api.orders.create.mutate({
    idempotencyKey: newIdempotencyKey(),
    items: [{ variantId: product.variantId, quantity }],
    shippingMethodId: FIXTURE_METHOD_ID,
  });
  await reach(status, admin, order);
  const reached = await admin.api.orders.get.query({ id: order.id });
  expect(reached.status).toBe(status);
  return { order: reached, product, customer, admin };
}

describe('orders.updateStatus', () => {
  for (const from of ORDER_STATUSES) {
    for (const to of [...ADMIN_STATUS_MOVES, 'cancelled'] as const) {
      // By hand an admin confirms only a pending order: an expired one is confirmed by a payment, which takes its stock back.
      const allowed =
        (ORDER_TRANSITIONS[from] as readonly OrderStatus[]).includes(to) && !(from === 'expired' && to === 'confirmed');
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
          expect(moved.history).toHaveLength(order.history.length + 1);
        } else {
          const error = await trpcError(admin.api.orders.updateStatus.mutate({ id: order.id, status: to }));
          expect(error.data).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
          expect(error.message).toContain(from);
          expect(error.message).toContain(to);
          const unchanged = await admin.api.orders.get.query({ id: order.id });
          expect(unchanged.status).toBe(from);
          expect(unchanged.history).toHaveLength(order.history.length);
        }
      });
    }
  }

  it('refuses the moves that only payments, deliveries and the clock make (completed, expired, pending) as bad input', async () => {
    const { order, admin } = await orderIn('pending');
    for (const status of ['completed', 'expired', 'pending']) {
      const error = await trpcError(
        admin.api.orders.updateStatus.mutate({ id: order.id, status: status as 'confirmed' }),
      );
      expect(error.data).toMatchObject({ httpStatus: 400, reason: 'INVALID_INPUT' });
    }
  });

  it('takes one round trip and writes an audit row in the same batch', async () => {
    const { order, admin } = await orderIn('pending');
    const trips = await countRoundTrips(() =>
      admin.api.orders.updateStatus.mutate({ id: order.id, status: 'confirmed' }),
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
      ['confirmed', 'cancelled'],
      ['confirmed', 'confirmed'],
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
      (await trpcError(customer.api.orders.updateStatus.mutate({ id: order.id, status: 'confirmed' }))).data.code,
    ).toBe('FORBIDDEN');
    expect(
      (await trpcError(admin.api.orders.updateStatus.mutate({ id: 999_999_999, status: 'confirmed' }))).data.code,
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
    const { order, product, admin } = await orderIn('confirmed', 2);
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

  it('restocks when an admin cancels through updateStatus from confirmed', async () => {
    const { order, product, admin } = await orderIn('confirmed', 3);
    await admin.api.orders.updateStatus.mutate({ id: order.id, status: 'cancelled' });
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 20, ledger: 20 });
  });

  it('lets the owner cancel only while pending, an admin while confirmed too, nobody once completed', async () => {
    const confirmed = await orderIn('confirmed');
    const error = await trpcError(confirmed.customer.api.orders.cancel.mutate({ id: confirmed.order.id }));
    expect(error.data).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
    const cancelled = await confirmed.admin.api.orders.cancel.mutate({ id: confirmed.order.id });
    expect(cancelled.status).toBe('cancelled');
    const completed = await orderIn('completed');
    const late = await trpcError(completed.admin.api.orders.cancel.mutate({ id: completed.order.id }));
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
