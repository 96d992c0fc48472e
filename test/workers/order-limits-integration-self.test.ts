/**
 * One customer cannot take all the stock: at most MAX_PENDING_ORDERS pending
 * orders at once, enforced inside the order's batch, and order placements are
 * rate limited per customer (ORDER_LIMITER, 60 a minute).
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../../src/app.ts';
import type { ErrorData } from '../../src/shared/error-data.ts';
import {
  countRoundTrips,
  FIXTURE_METHOD_ID,
  fixtureCustomers,
  fixtureProduct,
  newIdempotencyKey,
  runSql,
  stockAndLedger,
} from './helpers.ts';

const MAX_PENDING = 2;

type Answer = { status: number; data?: { id: number }; error?: { message: string; data: ErrorData } };

/** orders.create through the Worker with the cap set to MAX_PENDING. */
async function order(token: string, variantId: number, idempotencyKey = newIdempotencyKey()): Promise<Answer> {
  const response = await app.request(
    'http://stockroom.test/trpc/orders.create',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        idempotencyKey,
        items: [{ variantId, quantity: 1 }],
        shippingMethodId: FIXTURE_METHOD_ID,
      }),
    },
    { ...env, MAX_PENDING_ORDERS: String(MAX_PENDING) },
  );
  const body = (await response.json()) as { result?: { data: { id: number } }; error?: Answer['error'] };
  return { status: response.status, data: body.result?.data, error: body.error };
}

describe('the pending-order cap', () => {
  it(`refuses order ${MAX_PENDING + 1} with TOO_MANY_PENDING_ORDERS and writes nothing; a retry and a cancel still work`, async () => {
    const [customer] = await fixtureCustomers(1);
    if (!customer) throw new Error('no customer');
    const product = await fixtureProduct({ stock: 10 });
    const firstKey = newIdempotencyKey();
    const first = await order(customer.token, product.variantId, firstKey);
    const second = await order(customer.token, product.variantId);
    expect([first.status, second.status]).toEqual([200, 200]);

    const over = await order(customer.token, product.variantId);
    expect(over.status).toBe(409);
    expect(over.error?.data).toMatchObject({
      reason: 'TOO_MANY_PENDING_ORDERS',
      details: { pending: MAX_PENDING, max: MAX_PENDING },
    });
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 8, ledger: 8 });

    // A retry of an order already made still answers with that order.
    const retry = await order(customer.token, product.variantId, firstKey);
    expect(retry.data?.id).toBe(first.data?.id);

    await customer.api.orders.cancel.mutate({ id: first.data?.id as number });
    const afterCancel = await order(customer.token, product.variantId);
    expect(afterCancel.status).toBe(200);
  });

  it('holds under concurrency: ten racing orders from one customer leave exactly the cap pending', async () => {
    const [customer] = await fixtureCustomers(1);
    if (!customer) throw new Error('no customer');
    const product = await fixtureProduct({ stock: 50 });
    const answers = await Promise.all(Array.from({ length: 10 }, () => order(customer.token, product.variantId)));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(MAX_PENDING);
    const refused = answers.filter((answer) => answer.status !== 200);
    expect(refused.every((answer) => answer.error?.data.reason === 'TOO_MANY_PENDING_ORDERS')).toBe(true);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 50 - MAX_PENDING, ledger: 50 - MAX_PENDING });
  });
});

const ORDER_LIMIT = 60;
const WINDOW_MS = 60_000;

describe('the order rate limit', () => {
  it(`refuses placement ${ORDER_LIMIT + 1} in a minute from one customer with RATE_LIMITED, not another's`, async () => {
    for (let attempt = 0; ; attempt++) {
      const window = Math.floor(Date.now() / WINDOW_MS);
      const [customer, other] = await fixtureCustomers(2);
      if (!customer || !other) throw new Error('no customers');
      // Orders of an unknown product: each one is refused by the database, so no stock is needed.
      const place = () =>
        customer.api.orders.create
          .mutate({
            idempotencyKey: newIdempotencyKey(),
            items: [{ variantId: 999_999_999, quantity: 1 }],
            shippingMethodId: FIXTURE_METHOD_ID,
          })
          .then(
            () => 'placed',
            (error: { data: ErrorData }) => error.data.reason,
          );
      const reasons: Array<string | undefined> = [];
      for (let i = 0; i <= ORDER_LIMIT; i++) reasons.push(await place());
      const otherReason = await other.api.checkout.place
        .mutate({ idempotencyKey: newIdempotencyKey(), shippingMethodId: FIXTURE_METHOD_ID, expectedTotalCents: 0 })
        .catch((error: { data: ErrorData }) => error.data.reason);
      if (Math.floor(Date.now() / WINDOW_MS) !== window && attempt < 2) continue;
      expect(reasons.slice(0, ORDER_LIMIT).every((reason) => reason === 'PRODUCT_UNAVAILABLE')).toBe(true);
      expect(reasons[ORDER_LIMIT]).toBe('RATE_LIMITED');
      expect(otherReason).toBe('CART_EMPTY');
      return;
    }
  });

  /**
   * Windows are aligned to the wall clock, so a run of attempts can split its
   * count between two; twice the limit plus one (well under a minute) cross at
   * most one boundary, so one window sees more than the limit.
   */
  it(`refuses checkout.place with RATE_LIMITED within ${2 * ORDER_LIMIT + 1} attempts, before reading the cart`, async () => {
    const [customer, other] = await fixtureCustomers(2);
    if (!customer || !other) throw new Error('no customers');
    // An empty cart: the limiter runs in the router before placeOrderFromCart,
    // so each attempt it lets through costs a round trip that answers CART_EMPTY.
    const place = (api: typeof customer.api) =>
      api.checkout.place
        .mutate({ idempotencyKey: newIdempotencyKey(), shippingMethodId: FIXTURE_METHOD_ID, expectedTotalCents: 0 })
        .then(
          () => 'placed',
          (error: { data: ErrorData }) => error.data.reason,
        );
    const reasons: Array<string | undefined> = [];
    let refusedTrips = -1;
    for (let attempt = 0; attempt < 2 * ORDER_LIMIT + 1 && !reasons.includes('RATE_LIMITED'); attempt++) {
      let reason: string | undefined;
      const trips = await countRoundTrips(async () => {
        reason = await place(customer.api);
      });
      reasons.push(reason);
      if (reason === 'RATE_LIMITED') refusedTrips = trips;
    }
    expect(reasons.at(-1)).toBe('RATE_LIMITED');
    expect(reasons.slice(0, -1).every((reason) => reason === 'CART_EMPTY')).toBe(true);
    expect(refusedTrips).toBe(0);
    const [orders] = await runSql('SELECT count(*) AS n FROM orders WHERE owner_key = ?', [`user:${customer.user.id}`]);
    expect(Number(orders?.n)).toBe(0);
    expect(await place(other.api)).toBe('CART_EMPTY');
  });
});
