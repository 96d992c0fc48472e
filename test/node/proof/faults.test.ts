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
import { createVariants } from '../../../local-stack/products.ts';
import { type Stack, startStack } from '../../../local-stack/start-stack.ts';
import { mutate, type Reply } from '../../../local-stack/trpc-http.ts';
import { type CheckoutPricing, fillCarts, pooled, quoteCarts, storedOrder } from '../../support/stack-calls.ts';

const DB_TIMEOUT_MS = 2_000;
/** Time for the Worker to build its 503 and for the answer to cross wrangler's proxy on a busy machine. */
const ANSWER_MARGIN_MS = 1_500;

let stack: Stack;
beforeAll(async () => {
  // Retries of one key count against the per-customer order limits; this proof is about faults, not limits.
  stack = await startStack({ dbTimeoutMs: DB_TIMEOUT_MS, orderLimits: { maxPending: 1_000, perMinute: 10_000 } });
});
afterAll(async () => {
  await stack?.stop();
});

/** A customer with a filled cart, and the checkout's pricing as quoted before any fault. */
type Shopper = Customer & { pricing: CheckoutPricing };

type Attempt = { customer: Shopper; key: string; reply: Reply };

/**
 * Customers whose carts hold 1-3 lines of plenty-stocked products, so only
 * the fault can refuse them, each quoted while the database is well.
 */
async function customersWithCarts(count: number): Promise<Shopper[]> {
  const variants = await createVariants(stack, [10_000, 10_000, 10_000]);
  const customers = await createCustomers(stack, count);
  await fillCarts(
    stack,
    customers.map((customer, i) => ({
      customer,
      lines: variants.slice(0, 1 + (i % 3)).map((variantId) => ({ variantId, quantity: 1 + (i % 2) })),
    })),
  );
  const pricing = await quoteCarts(stack, customers);
  return customers.map((customer, i) => ({ ...customer, pricing: pricing[i] as CheckoutPricing }));
}

/** A checkout, or its retry: the same key and pricing each time, as a client retries. */
function checkout(customer: Shopper, key: string) {
  return mutate(stack, 'checkout.place', { idempotencyKey: key, ...customer.pricing }, customer.token);
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
    const told = (reply.data?.items ?? []).map(({ variantId, quantity }) => ({ variantId, quantity }));
    expect(await storedOrder(stack, reply.data?.id as number)).toEqual(told.sort((x, y) => x.variantId - y.variantId));
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

/**
 * How long the database holds each answer in the kill test, standing in for the
 * way back from the primary to the edge: a commit then waits this long for its
 * answer to leave, so a kill lands between commits and their answers, as a crash
 * does in production. With no delay that gap is microseconds and a kill almost
 * never falls in it.
 */
const ANSWER_DELAY_MS = 250;
/** The kill test's load runs until a kill has cut a commit from its answer, or this long at most. */
const KILL_LOAD_BUDGET_MS = 45_000;
const MAX_KILLS = 3;
const LOAD_CONCURRENCY = 10;

/** Orders stored for attempts whose client was not told the order was placed: commits whose answer was lost. */
async function commitsWithLostAnswers(attempts: Attempt[]): Promise<number> {
  const unanswered = attempts.filter((attempt) => attempt.reply.status !== 200);
  if (unanswered.length === 0) return 0;
  const found = await stack.db.execute({
    sql: `SELECT count(*) AS n FROM orders WHERE user_id IN (${unanswered.map((a) => a.customer.id).join(',')})`,
    args: [],
  });
  return Number(found.rows[0]?.n);
}

describe('a database killed mid-load', () => {
  it('answers 503 DATABASE_UNAVAILABLE fast while it is down, and loses or splits no order after the restart', async () => {
    const customers = await customersWithCarts(800);
    const attempts: Attempt[] = [];
    let killedAt = 0;
    let restartedAt = 0;
    let lostAnswers = 0;
    await stack.restartDb({ signal: 'SIGTERM', latencyMs: ANSWER_DELAY_MS });
    try {
      const deadline = performance.now() + KILL_LOAD_BUDGET_MS;
      const inTime = () => performance.now() < deadline;
      let acknowledged = 0;
      let inFlight = 0;
      let loadDone = false;
      const fault = (async () => {
        while (acknowledged < 30 && inTime()) await sleep(5);
        for (let kills = 0; kills < MAX_KILLS && lostAnswers === 0 && inTime(); kills++) {
          // Killed while checkouts are in flight, most of them committed and waiting out the answer delay.
          while (inFlight < LOAD_CONCURRENCY / 2 && inTime()) await sleep(2);
          await stack.stopDb('SIGKILL');
          killedAt = attempts.length;
          await sleep(1_500);
          await stack.restartDb({ latencyMs: ANSWER_DELAY_MS });
          restartedAt = attempts.length;
          const before = acknowledged;
          while (acknowledged < before + 10 && inTime()) await sleep(5);
          lostAnswers = await commitsWithLostAnswers(attempts);
        }
        loadDone = true;
      })();
      let next = 0;
      await Promise.all(
        Array.from({ length: LOAD_CONCURRENCY }, async () => {
          while (!loadDone && next < customers.length) {
            const customer = customers[next++] as Shopper;
            const key = `fault-kill-${customer.id}`;
            inFlight++;
            const reply = await checkout(customer, key);
            inFlight--;
            if (reply.status === 200) acknowledged++;
            attempts.push({ customer, key, reply });
            // Paced so the outage falls in the middle of the load, not after it.
            await sleep(120);
          }
        }),
      );
      loadDone = true;
      await fault;
    } finally {
      // Prompt answers again for the checks below and for the next test.
      await stack.restartDb({ signal: 'SIGTERM' });
    }

    const statuses = attempts.map((attempt) => attempt.reply.status);
    expect(killedAt).toBeGreaterThan(0);
    expect(restartedAt).toBeLessThan(attempts.length);
    expect(statuses.filter((status) => status === 503).length).toBeGreaterThan(0);
    expect(statuses.slice(restartedAt).filter((status) => status === 200).length).toBeGreaterThan(0);
    // The kill cut at least one commit from its answer: the ambiguous outcome the retries must settle.
    expect(lostAnswers).toBeGreaterThan(0);
    expectOrderOrFastUnavailable(attempts);
    await expectNothingLostOrPartial(attempts);
  }, 120_000);
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
