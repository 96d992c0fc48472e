/**
 * One HTTP request carries at most MAX_CALLS_PER_REQUEST procedure calls:
 * beyond that the answer is 400 and no call reaches the database. The typed
 * client splits a larger batch into requests the server accepts.
 */
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createStoreClient } from '../../client/src/store-client.ts';
import { MAX_CALLS_PER_REQUEST } from '../../src/shared/limits.ts';
import { countRoundTrips, fixtureProduct, signUpCustomer, testClientAddress } from './helpers.ts';

const paths = (path: string, count: number) => Array.from({ length: count }, () => path).join(',');

describe('batched requests', () => {
  it(`answers 400 to a GET of ${MAX_CALLS_PER_REQUEST + 1} searches and runs none of them`, async () => {
    const count = MAX_CALLS_PER_REQUEST + 1;
    const input = encodeURIComponent(
      JSON.stringify(Object.fromEntries(Array.from({ length: count }, (_, i) => [i, { search: 'tee' }]))),
    );
    let status = 0;
    const trips = await countRoundTrips(async () => {
      const response = await SELF.fetch(
        `http://stockroom.test/trpc/${paths('catalog.products', count)}?batch=1&input=${input}`,
      );
      status = response.status;
      await response.text();
    });
    expect(status).toBe(400);
    expect(trips).toBe(0);
  });

  it(`answers 400 to a POST of ${MAX_CALLS_PER_REQUEST + 1} cart writes and writes nothing`, async () => {
    const customer = await signUpCustomer();
    const product = await fixtureProduct({ stock: 50 });
    const count = MAX_CALLS_PER_REQUEST + 1;
    const body = Object.fromEntries(
      Array.from({ length: count }, (_, i) => [i, { variantId: product.variantId, quantity: 1 }]),
    );
    let status = 0;
    const trips = await countRoundTrips(async () => {
      const response = await SELF.fetch(`http://stockroom.test/trpc/${paths('cart.add', count)}?batch=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${customer.token}` },
        body: JSON.stringify(body),
      });
      status = response.status;
      await response.text();
    });
    expect(status).toBe(400);
    expect(trips).toBe(0);
    expect((await customer.api.cart.get.query()).items).toEqual([]);
  });

  it(`accepts exactly ${MAX_CALLS_PER_REQUEST} calls in one request`, async () => {
    const response = await SELF.fetch(
      `http://stockroom.test/trpc/${paths('catalog.categories', MAX_CALLS_PER_REQUEST)}?batch=1`,
    );
    expect(response.status).toBe(200);
  });

  it('lets the typed client split a larger batch into accepted requests', async () => {
    const requests: number[] = [];
    const store = createStoreClient({
      url: 'http://stockroom.test/trpc',
      headers: { 'cf-connecting-ip': testClientAddress() },
      fetch: async (input, init) => {
        const response = await SELF.fetch(input as RequestInfo, init);
        requests.push(response.status);
        return response;
      },
    });
    const answers = await Promise.all(
      Array.from({ length: MAX_CALLS_PER_REQUEST * 2 + 1 }, () => store.catalog.categories.query()),
    );
    expect(answers).toHaveLength(MAX_CALLS_PER_REQUEST * 2 + 1);
    expect(requests).toEqual([200, 200, 200]);
  });
});
