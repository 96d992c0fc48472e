/**
 * Never lose an acknowledged order, and never leave a partial one, when the
 * database dies (kill -9 in the middle of a checkout load) or answers slower
 * than the Worker's DB_TIMEOUT_MS. Requests meanwhile fail fast with 503
 * DATABASE_UNAVAILABLE, and a retry with the same idempotency key settles
 * every ambiguous outcome to exactly one order.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Customer, createCustomers } from '../../../local-stack/customers.ts';
import { brokenInvariants, reconcile, WHOLE } from '../../../local-stack/invariants.ts';
import { type Stack, startStack } from '../../../local-stack/start-stack.ts';
import { mutate, type Reply } from '../../../local-stack/trpc-http.ts';
import { createProducts, fillCarts, pooled, storedOrder } from '../../support/stack-calls.ts';

const DB_TIMEOUT_MS = 2_000;
/** Time for the Worker to build its 503 and for the answer to cross wrangler's proxy on a busy machine. */
const ANSWER_MARGIN_MS = 1_500;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dbTimeoutMs: DB_TIMEOUT_MS });
});
afterAll(async () => {
  await stack?.stop();
});

type Attempt = { customer: Customer; key: string; reply: Reply };

/** Customers whose carts hold 1-3 lines of plenty-stocked products, so only the fault can refuse them. */
async function customersWithCarts(count: number) {
  const products = await createProducts(stack, [10_000, 10_000, 10_000]);
  const customers = await createCustomers(stack, count);
  await fillCarts(
    stack,
    customers.map((customer, i) => ({
      customer,
      lines: products.slice(0, 1 + (i % 3)).map((productId) => ({ productId, quantity: 1 + (i % 2) })),
    })),
  );
  return customers;
}

function checkout(customer: Customer, key: string) {
  return mutate(stack, 'checkout.place', { idempotencyKey: key }, customer.token);
}

/** Only orders and fast, explained 503s: no other status, no hang, no dropped connection. */
function expectOrderOrFastUnavailable(attempts: Attempt[]) {
  for (const { reply } of attempts) {
    expect(reply.failure).toBeUndefined();
    expect(reply.ms).toBeLessThan(DB_TIMEOUT_MS + ANSWER_MARGIN_MS);
    if (reply.status === 200) continue;
    expect({ status: reply.status, code: reply.error?.data.code, reason: reply.error?.data.reason }).toEqual({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      reason: 'DATABASE_UNAVAILABLE',
    });
    expect(reply.error?.message).toMatch(/database is unavailable or too slow.*try again/i);
  }
}

/**
 * Each acknowledged order is stored with the lines the client was told; a
 * retry of every other attempt with its key yields exactly one order per
 * customer; and nothing partial or drifting is left anywhere.
 */
async function expectNothingLostOrPartial(attempts: Attempt[]) {
  for (const { reply } of attempts.filter((attempt) => attempt.reply.status === 200)) {
    const told = (reply.data?.items ?? []).map(({ productId, quantity }) => ({ productId, quantity }));
    expect(await storedOrder(stack, reply.data?.id as number)).toEqual(told.sort((x, y) => x.productId - y.productId));
  }
  const ambiguous = attempts.filter((attempt) => attempt.reply.status !== 200);
  const retries = await pooled(ambiguous, 16, ({ customer, key }) => checkout(customer, key));
  expect(retries.map((reply) => reply.status)).toEqual(ambiguous.map(() => 200));
  const placed = [...attempts.filter((a) => a.reply.status === 200).map((a) => a.reply), ...retries];
  const perCustomer = await stack.db.execute({
    sql: `SELECT user_id, count(*) AS n FROM orders WHERE user_id IN (${attempts.map((a) => a.customer.id).join(',')})
          GROUP BY user_id`,
    args: [],
  });
  expect(perCustomer.rows.map((row) => Number(row.n))).toEqual(attempts.map(() => 1));
  expect(new Set(placed.map((reply) => reply.data?.id)).size).toBe(attempts.length);
  expect(await brokenInvariants(stack.db)).toEqual(WHOLE);
  expect(await reconcile(stack)).toEqual({ ok: true, mismatches: [] });
}

describe('a database killed mid-load', () => {
  it('answers 503 DATABASE_UNAVAILABLE fast while it is down, and loses or splits no order after the restart', async () => {
    const customers = await customersWithCarts(300);
    const attempts: Attempt[] = [];
    let acknowledged = 0;
    let killedAt = 0;
    let restartedAt = 0;
    const fault = (async () => {
      while (acknowledged < 30) await sleep(5);
      await stack.stopDb('SIGKILL');
      killedAt = attempts.length;
      await sleep(1_500);
      await stack.restartDb();
      restartedAt = attempts.length;
    })();
    await pooled(customers, 10, async (customer) => {
      const key = `fault-kill-${customer.id}`;
      const reply = await checkout(customer, key);
      if (reply.status === 200) acknowledged++;
      attempts.push({ customer, key, reply });
      // Paced so the outage falls in the middle of the load, not after it.
      await sleep(120);
    });
    await fault;

    const statuses = attempts.map((attempt) => attempt.reply.status);
    expect(killedAt).toBeGreaterThan(0);
    expect(restartedAt).toBeLessThan(attempts.length);
    expect(statuses.filter((status) => status === 503).length).toBeGreaterThan(0);
    expect(statuses.slice(restartedAt).filter((status) => status === 200).length).toBeGreaterThan(0);
    expectOrderOrFastUnavailable(attempts);
    await expectNothingLostOrPartial(attempts);
  }, 90_000);
});

describe('a database slower than DB_TIMEOUT_MS', () => {
  it('answers 503 DATABASE_UNAVAILABLE at the timeout, not later, and the orders settle once it is fast again', async () => {
    const customers = await customersWithCarts(40);
    const warm = customers.slice(0, 10);
    const slow = customers.slice(10);
    const attempts: Attempt[] = [];
    for (const customer of warm) {
      attempts.push({
        customer,
        key: `fault-slow-${customer.id}`,
        reply: await checkout(customer, `fault-slow-${customer.id}`),
      });
    }

    await stack.restartDb({ latencyMs: DB_TIMEOUT_MS + 1_500 });
    const started = performance.now();
    const slowReplies = await Promise.all(slow.map((customer) => checkout(customer, `fault-slow-${customer.id}`)));
    const health = await fetch(`${stack.baseUrl}/health`);
    expect(performance.now() - started).toBeLessThan(2 * DB_TIMEOUT_MS + 2 * ANSWER_MARGIN_MS);
    expect(health.status).toBe(503);
    slow.forEach((customer, i) => {
      attempts.push({ customer, key: `fault-slow-${customer.id}`, reply: slowReplies[i] as Reply });
    });
    expect(slowReplies.map((reply) => reply.status)).toEqual(slow.map(() => 503));
    for (const reply of slowReplies) expect(reply.ms).toBeGreaterThanOrEqual(DB_TIMEOUT_MS - 100);
    expectOrderOrFastUnavailable(attempts);

    // The slow server still commits what it was sent; only its answers came too late.
    await sleep(DB_TIMEOUT_MS);
    await stack.restartDb();
    const committed = await stack.db.execute({
      sql: `SELECT count(*) AS n FROM orders WHERE user_id IN (${slow.map((customer) => customer.id).join(',')})`,
      args: [],
    });
    expect(Number(committed.rows[0]?.n)).toBeGreaterThan(0);
    await expectNothingLostOrPartial(attempts);
  }, 90_000);
});
