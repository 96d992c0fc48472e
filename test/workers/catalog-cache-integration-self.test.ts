/**
 * Anonymous catalog reads come from the Workers Cache API (src/edge/catalog-cache.ts):
 * a repeated read makes no database request, a token bypasses the cache, and
 * a catalog write is visible at once to the next read in the same location.
 * The Worker under test runs with the cache off; these calls turn it on.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../../src/app.ts';
import {
  countRoundTrips,
  FIXTURE_METHOD_ID,
  fixtureCustomers,
  newIdempotencyKey,
  signInAdmin,
  signUpCustomer,
} from './helpers.ts';

/** Longer than any test here takes, so that no entry expires between two reads of one test on a slow machine. */
const TTL = 300;

/** A GET of one tRPC query through the Worker with the cache on. */
async function read(procedure: string, input: unknown, token?: string) {
  const url = `http://stockroom.test/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const response = await app.request(url, { headers }, { ...env, CATALOG_CACHE_TTL_SECONDS: String(TTL) });
  const body = (await response.json()) as { result: { data: { items: Array<{ name: string }> } } };
  return { response, names: body.result.data.items.map((item) => item.name) };
}

async function newProduct() {
  const admin = await signInAdmin();
  const name = `Cached ${crypto.randomUUID()}`;
  const product = await admin.api.catalog.createProduct.mutate({ categoryId: 1, name, priceCents: 900, stock: 3 });
  return { admin, product, name, search: { search: name, limit: 5 } };
}

describe('the edge catalog cache', () => {
  it('answers a repeated anonymous catalog.products from the cache: no database request, Age and Cache-Control', async () => {
    const { name, search } = await newProduct();
    let first: Awaited<ReturnType<typeof read>> | undefined;
    expect(await countRoundTrips(async () => (first = await read('catalog.products', search)))).toBe(1);
    expect(first?.response.headers.get('x-cache')).toBe('MISS');
    let second: Awaited<ReturnType<typeof read>> | undefined;
    expect(await countRoundTrips(async () => (second = await read('catalog.products', search)))).toBe(0);
    expect(second?.names).toEqual([name]);
    expect(second?.response.headers.get('x-cache')).toBe('HIT');
    expect(second?.response.headers.get('cache-control')).toBe(`public, max-age=${TTL}`);
    expect(Number(second?.response.headers.get('age'))).toBeGreaterThanOrEqual(0);
    expect(second?.response.headers.get('x-request-id')).not.toBe(first?.response.headers.get('x-request-id'));
  });

  it('keys by the full input: another page or search is its own entry', async () => {
    const { search } = await newProduct();
    await read('catalog.products', search);
    expect(await countRoundTrips(() => read('catalog.products', { ...search, limit: 6 }))).toBe(1);
  });

  it('is bypassed by any request with a bearer token', async () => {
    const { search } = await newProduct();
    const customer = await signUpCustomer();
    await read('catalog.products', search);
    expect(await countRoundTrips(() => read('catalog.products', search, customer.token))).toBe(1);
  });

  it('shows a catalog write at once to the next read in the same location', async () => {
    const { admin, product, search } = await newProduct();
    await read('catalog.products', search);
    await admin.api.catalog.updateProduct.mutate({ id: product.id, description: 'now cached anew' });
    let after: Awaited<ReturnType<typeof read>> | undefined;
    expect(await countRoundTrips(async () => (after = await read('catalog.products', search)))).toBe(1);
    expect(after?.response.headers.get('x-cache')).toBe('MISS');
    await admin.api.catalog.updateProduct.mutate({ id: product.id, isActive: false });
    expect((await read('catalog.products', search)).names).toEqual([]);
  });

  it('stays warm when a checkout takes stock: only catalog writes invalidate, and the order is still refused past stock', async () => {
    const { product, search } = await newProduct();
    await read('catalog.products', search);
    const [customer] = await fixtureCustomers(1);
    const variantId = product.variants[0]?.id as number;
    const order = () =>
      customer?.api.orders.create.mutate({
        idempotencyKey: newIdempotencyKey(),
        items: [{ variantId, quantity: 3 }],
        shippingMethodId: FIXTURE_METHOD_ID,
      });
    await order();
    let after: Awaited<ReturnType<typeof read>> | undefined;
    expect(await countRoundTrips(async () => (after = await read('catalog.products', search)))).toBe(0);
    expect(after?.response.headers.get('x-cache')).toBe('HIT');
    // The cached badge may say in stock; the checkout's guard is the authority.
    await expect(order()).rejects.toMatchObject({ data: { reason: 'INSUFFICIENT_STOCK' } });
  });

  it('does not cache a mixed batch with a non-catalog procedure, nor an error', async () => {
    const url = 'http://stockroom.test/trpc/catalog.product?input=%7B%22id%22%3A999999999%7D';
    const bindings = { ...env, CATALOG_CACHE_TTL_SECONDS: String(TTL) };
    await app.request(url, {}, bindings);
    expect(await countRoundTrips(async () => app.request(url, {}, bindings))).toBe(1);
    const batch = 'http://stockroom.test/trpc/catalog.categories,auth.me?batch=1&input=%7B%7D';
    await app.request(batch, {}, bindings);
    expect(await countRoundTrips(async () => app.request(batch, {}, bindings))).toBeGreaterThan(0);
  });
});
