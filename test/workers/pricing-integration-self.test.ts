/**
 * Checkout priced inside the batch: shipping, taxes and discount codes from
 * the database's own methods, rates and codes; the quote and the order it
 * becomes agree (by example and for generated carts); a changed price is
 * refused with nothing written; a code's usage limit holds under 500 racing
 * checkouts; a cancellation gives its use back.
 */
import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../src/app.ts';
import type { ErrorData } from '../../src/shared/error-data.ts';
import {
  client,
  countRoundTrips,
  fixtureCustomers,
  fixtureProduct,
  guestWithCart,
  newIdempotencyKey,
  runSql,
  signInAdmin,
  stockAndLedger,
  TYPED_ADDRESS,
  trpcError,
  uniqueEmail,
} from './helpers.ts';

type Admin = Awaited<ReturnType<typeof signInAdmin>>;
type Api = ReturnType<typeof client>;

/** Countries no seed or fixture zone uses: this file's own destinations. */
const TAXED = 'CA';
const UNTAXED = 'AU';
const INCLUSIVE = 'CH';
const to = (country: string) => ({ address: { ...TYPED_ADDRESS, country } });

let admin: Admin;
let post: { id: number };
let courier: { id: number };
let swissPost: { id: number };
/** A category with its own (reduced) rate in TAXED. */
let reducedCategoryId: number;

beforeAll(async () => {
  admin = await signInAdmin();
  const north = await admin.api.shipping.createZone.mutate({ name: 'Pricing tests', countries: [TAXED, UNTAXED] });
  post = await admin.api.shipping.createMethod.mutate({
    zoneId: north.id,
    name: 'Post',
    priceCents: 1_000,
    freeAboveCents: 20_000,
  });
  courier = await admin.api.shipping.createMethod.mutate({ zoneId: north.id, name: 'Courier', priceCents: 2_500 });
  const swiss = await admin.api.shipping.createZone.mutate({ name: 'Inclusive tests', countries: [INCLUSIVE] });
  swissPost = await admin.api.shipping.createMethod.mutate({ zoneId: swiss.id, name: 'Swiss Post', priceCents: 900 });
  reducedCategoryId = (
    await admin.api.catalog.createCategory.mutate({
      name: 'Reduced',
      slug: `reduced-${crypto.randomUUID().slice(0, 8)}`,
    })
  ).id;
  await admin.api.taxes.setRate.mutate({ country: TAXED, name: 'GST', rateBps: 1_300, appliesToShipping: true });
  await admin.api.taxes.setRate.mutate({
    country: TAXED,
    categoryId: reducedCategoryId,
    name: 'Reduced',
    rateBps: 500,
  });
  await admin.api.taxes.setRate.mutate({ country: INCLUSIVE, name: 'MWST', rateBps: 810, appliesToShipping: true });
});

/** A product in the reduced category. */
async function reducedProduct(priceCents: number, stock = 100) {
  const product = await admin.api.catalog.createProduct.mutate({
    categoryId: reducedCategoryId,
    name: `Reduced ${crypto.randomUUID().slice(0, 6)}`,
    priceCents,
    stock,
  });
  return { id: product.id, variantId: product.variants[0]?.id as number };
}

async function newCode(fields: Partial<Parameters<Admin['api']['discounts']['create']['mutate']>[0]> = {}) {
  return admin.api.discounts.create.mutate({
    code: `T${crypto.randomUUID().replaceAll('-', '').slice(0, 10)}`,
    kind: 'percent',
    value: 10,
    ...fields,
  });
}

async function customerWithCart(lines: Array<{ variantId: number; quantity: number }>) {
  const [customer] = await fixtureCustomers(1);
  if (!customer) throw new Error('no customer');
  for (const line of lines) await customer.api.cart.add.mutate(line);
  return customer;
}

describe('checkout.quote and checkout.place', () => {
  it('price shipping, per-category tax and a code the same way, in one round trip each, and the order keeps the breakdown', async () => {
    const standard = await fixtureProduct({ stock: 50, priceCents: 3_333 });
    const reduced = await reducedProduct(1_999);
    const code = await newCode({ kind: 'percent', value: 15 });
    const { api } = await customerWithCart([
      { variantId: standard.variantId, quantity: 2 },
      { variantId: reduced.variantId, quantity: 3 },
    ]);
    const choices = { shippingMethodId: post.id, discountCode: code.code.toLowerCase() };
    let quote: Awaited<ReturnType<Api['checkout']['quote']['query']>> | undefined;
    expect(
      await countRoundTrips(async () => {
        quote = await api.checkout.quote.query({ destination: { country: TAXED }, ...choices });
      }),
    ).toBe(1);
    if (!quote) throw new Error('no quote');
    // Subtotal 6666 + 5997 = 12663; 15% off = round(1899.45) = 1899, spread 6666:5997 → 1000 and 899 after the
    // largest remainder; tax 13% of 5666 = 736.58 → 737 and 5% of 5098 = 254.9 → 255; shipping 1000 (12663 - 1899
    // is under 20000) taxed 13% = 130; total = 12663 - 1899 + 1000 + 737 + 255 + 130.
    expect(quote).toMatchObject({
      currency: 'USD',
      pricesIncludeTax: false,
      subtotalCents: 12_663,
      discountCents: 1_899,
      shippingCents: 1_000,
      shippingTaxCents: 130,
      taxCents: 737 + 255 + 130,
      totalCents: 12_663 - 1_899 + 1_000 + 737 + 255 + 130,
      discountCode: code.code,
      shippingMethodName: 'Post',
    });
    expect(quote.lines.map((line) => [line.discountCents, line.taxRateBps, line.taxCents])).toEqual([
      [1_000, 1_300, 737],
      [899, 500, 255],
    ]);
    let order: Awaited<ReturnType<Api['checkout']['place']['mutate']>> | undefined;
    const totalCents = quote.totalCents as number;
    expect(
      await countRoundTrips(async () => {
        order = await api.checkout.place.mutate({
          idempotencyKey: newIdempotencyKey(),
          shipTo: to(TAXED),
          ...choices,
          expectedTotalCents: totalCents,
        });
      }),
    ).toBe(1);
    expect(order).toMatchObject({
      subtotalCents: quote.subtotalCents,
      discountCents: quote.discountCents,
      shippingCents: quote.shippingCents,
      taxCents: quote.taxCents,
      shippingTaxCents: quote.shippingTaxCents,
      totalCents: quote.totalCents,
      shippingMethodName: 'Post',
      discountCode: code.code,
      taxLines: expect.arrayContaining([
        { rateBps: 1_300, on: 'goods', taxCents: 737 },
        { rateBps: 500, on: 'goods', taxCents: 255 },
        { rateBps: null, on: 'shipping', taxCents: 130 },
      ]),
    });
    expect(order?.items.map((item) => [item.discountCents, item.taxRateBps, item.taxCents])).toEqual([
      [1_000, 1_300, 737],
      [899, 500, 255],
    ]);
  });

  it('ships free above the method’s threshold, after the discount', async () => {
    const product = await fixtureProduct({ stock: 10, priceCents: 21_000 });
    const { api } = await customerWithCart([{ variantId: product.variantId, quantity: 1 }]);
    const plain = await api.checkout.quote.query({ destination: { country: UNTAXED }, shippingMethodId: post.id });
    expect(plain).toMatchObject({ shippingCents: 0, taxCents: 0, totalCents: 21_000 });
    const code = await newCode({ kind: 'fixed', value: 1_500 });
    const discounted = await api.checkout.quote.query({
      destination: { country: UNTAXED },
      shippingMethodId: post.id,
      discountCode: code.code,
    });
    expect(discounted).toMatchObject({
      discountCents: 1_500,
      shippingCents: 1_000,
      totalCents: 21_000 - 1_500 + 1_000,
    });
  });

  it('refuses a changed price with PRICE_CHANGED and the new quote, writing nothing', async () => {
    const product = await fixtureProduct({ stock: 10, priceCents: 1_000 });
    const code = await newCode({ usageLimit: 5 });
    const { api } = await customerWithCart([{ variantId: product.variantId, quantity: 2 }]);
    const choices = { shippingMethodId: courier.id, discountCode: code.code };
    const seen = await api.checkout.quote.query({ destination: { country: TAXED }, ...choices });
    await admin.api.catalog.updateVariant.mutate({ id: product.variantId, priceCents: 1_100 });
    const error = await trpcError(
      api.checkout.place.mutate({
        idempotencyKey: newIdempotencyKey(),
        shipTo: to(TAXED),
        ...choices,
        expectedTotalCents: seen.totalCents as number,
      }),
    );
    expect(error.data).toMatchObject({ httpStatus: 409, reason: 'PRICE_CHANGED' });
    const now = await api.checkout.quote.query({ destination: { country: TAXED }, ...choices });
    expect((error.data.details as { totalCents: number }).totalCents).toBe(now.totalCents);
    expect(now.totalCents).not.toBe(seen.totalCents);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 10, ledger: 10 });
    expect((await api.cart.get.query()).items).toHaveLength(1);
    expect((await runSql('SELECT used_count FROM discount_codes WHERE id = ?', [code.id]))[0]?.used_count).toBe(0);
    // At the new total it goes through.
    const placed = await api.checkout.place.mutate({
      idempotencyKey: newIdempotencyKey(),
      shipTo: to(TAXED),
      ...choices,
      expectedTotalCents: now.totalCents as number,
    });
    expect(placed.totalCents).toBe(now.totalCents);
  });

  it('refuses a method that does not ship to the address, an unknown code and a code below its minimum, writing nothing', async () => {
    const product = await fixtureProduct({ stock: 10, priceCents: 1_000 });
    const { api } = await customerWithCart([{ variantId: product.variantId, quantity: 1 }]);
    const place = (input: { shippingMethodId: number; discountCode?: string; country?: string }) =>
      trpcError(
        api.checkout.place.mutate({
          idempotencyKey: newIdempotencyKey(),
          shipTo: to(input.country ?? TAXED),
          shippingMethodId: input.shippingMethodId,
          discountCode: input.discountCode,
          expectedTotalCents: 1_000,
        }),
      );
    expect((await place({ shippingMethodId: swissPost.id })).data).toMatchObject({
      httpStatus: 409,
      reason: 'SHIPPING_METHOD_UNAVAILABLE',
    });
    expect((await place({ shippingMethodId: post.id, discountCode: 'NO-SUCH-CODE' })).data.reason).toBe(
      'DISCOUNT_NOT_APPLICABLE',
    );
    const min = await newCode({ minSubtotalCents: 5_000 });
    const belowMin = await place({ shippingMethodId: post.id, discountCode: min.code });
    expect(belowMin.data).toMatchObject({ httpStatus: 400, reason: 'DISCOUNT_NOT_APPLICABLE' });
    expect(belowMin.message).toMatch(/at least 50\.00/);
    const ended = await newCode({ startsAt: '2020-01-01T00:00:00.000Z', endsAt: '2020-02-01T00:00:00.000Z' });
    expect((await place({ shippingMethodId: post.id, discountCode: ended.code })).message).toMatch(/expired/);
    expect(
      (await trpcError(api.checkout.quote.query({ destination: { country: TAXED }, shippingMethodId: swissPost.id })))
        .data.reason,
    ).toBe('SHIPPING_METHOD_UNAVAILABLE');
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 10, ledger: 10 });
    expect((await api.orders.mine.query({ limit: 5 })).items).toEqual([]);
  });

  it('changes only the fields an edit names: a code keeps its minimum, a method stays switched off', async () => {
    const code = await newCode({ minSubtotalCents: 4_000, usageLimit: 9 });
    const edited = await admin.api.discounts.update.mutate({ id: code.id, isActive: false });
    expect(edited).toMatchObject({ isActive: false, minSubtotalCents: 4_000, usageLimit: 9 });
    const reactivated = await admin.api.discounts.update.mutate({ id: code.id, usageLimit: 5 });
    expect(reactivated).toMatchObject({ isActive: false, usageLimit: 5 });
    const zone = await admin.api.shipping.createZone.mutate({ name: 'Edit test', countries: ['JP'] });
    const method = await admin.api.shipping.createMethod.mutate({
      zoneId: zone.id,
      name: 'Slow',
      priceCents: 100,
      isActive: false,
    });
    expect(await admin.api.shipping.updateMethod.mutate({ id: method.id, priceCents: 200 })).toMatchObject({
      priceCents: 200,
      isActive: false,
    });
  });

  it('lists the methods that ship to a country, cheapest first', async () => {
    const methods = await client().shipping.methods.query({ country: TAXED.toLowerCase() });
    expect(methods.map((method) => method.name)).toEqual(['Post', 'Courier']);
    expect(await client().shipping.methods.query({ country: 'AQ' })).toEqual([]);
  });
});

describe('discount code limits', () => {
  it('gives exactly 100 discounted orders to 500 racing checkouts for a code with limit 100; the rest get DISCOUNT_EXHAUSTED and write nothing', async () => {
    const product = await fixtureProduct({ stock: 1_000, priceCents: 2_000 });
    const code = await newCode({ kind: 'fixed', value: 500, usageLimit: 100 });
    const customers = await fixtureCustomers(500);
    const cartLines = customers.map((customer) => ({ customer, line: { variantId: product.variantId, quantity: 1 } }));
    await runSql(`INSERT INTO carts (owner_key, user_id) SELECT 'user:' || value, value FROM json_each(?)`, [
      JSON.stringify(cartLines.map(({ customer }) => customer.user.id)),
    ]);
    await runSql(
      `INSERT INTO cart_items (cart_id, variant_id, quantity)
       SELECT (SELECT id FROM carts WHERE owner_key = 'user:' || value), ?, 1 FROM json_each(?)`,
      [product.variantId, JSON.stringify(cartLines.map(({ customer }) => customer.user.id))],
    );
    const choices = { shippingMethodId: post.id, discountCode: code.code };
    const first = customers[0] as (typeof customers)[number];
    const quote = await first.api.checkout.quote.query({ destination: { country: UNTAXED }, ...choices });
    expect(quote.totalCents).toBe(2_000 - 500 + 1_000);
    const results = await Promise.allSettled(
      customers.map((customer) =>
        customer.api.checkout.place.mutate({
          idempotencyKey: newIdempotencyKey(),
          shipTo: to(UNTAXED),
          ...choices,
          expectedTotalCents: quote.totalCents as number,
        }),
      ),
    );
    const placed = results.filter((result) => result.status === 'fulfilled');
    const reasons = results.flatMap((result) =>
      result.status === 'rejected' ? [(result.reason as { data: ErrorData }).data.reason] : [],
    );
    expect(placed).toHaveLength(100);
    expect(reasons).toEqual(Array(400).fill('DISCOUNT_EXHAUSTED'));
    const [row] = await runSql(
      `SELECT d.used_count AS used, (SELECT count(*) FROM discount_redemptions WHERE discount_code_id = d.id) AS redemptions,
        (SELECT count(*) FROM orders WHERE discount_code_id = d.id) AS orders
       FROM discount_codes d WHERE d.id = ?`,
      [code.id],
    );
    expect(row).toMatchObject({ used: 100, redemptions: 100, orders: 100 });
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 900, ledger: 900 });
  }, 120_000);

  it('gives a cancelled order’s use back in the cancellation’s batch', async () => {
    const product = await fixtureProduct({ stock: 10, priceCents: 2_000 });
    const code = await newCode({ usageLimit: 1 });
    const choices = { shippingMethodId: post.id, discountCode: code.code };
    const a = await customerWithCart([{ variantId: product.variantId, quantity: 1 }]);
    const b = await customerWithCart([{ variantId: product.variantId, quantity: 1 }]);
    const quote = await a.api.checkout.quote.query({ destination: { country: UNTAXED }, ...choices });
    const placeFor = (api: Api) =>
      api.checkout.place.mutate({
        idempotencyKey: newIdempotencyKey(),
        shipTo: to(UNTAXED),
        ...choices,
        expectedTotalCents: quote.totalCents as number,
      });
    const order = await placeFor(a.api);
    expect((await trpcError(placeFor(b.api))).data.reason).toBe('DISCOUNT_EXHAUSTED');
    expect(await countRoundTrips(() => a.api.orders.cancel.mutate({ id: order.id }))).toBe(1);
    expect((await runSql('SELECT used_count FROM discount_codes WHERE id = ?', [code.id]))[0]?.used_count).toBe(0);
    expect((await placeFor(b.api)).discountCode).toBe(code.code);
  });

  it('holds the per-customer limit for a customer and for a guest’s email across new carts', async () => {
    const product = await fixtureProduct({ stock: 20, priceCents: 2_000 });
    const code = await newCode({ perCustomerLimit: 1 });
    const choices = { shippingMethodId: post.id, discountCode: code.code };
    const customer = await customerWithCart([{ variantId: product.variantId, quantity: 1 }]);
    const quote = await customer.api.checkout.quote.query({ destination: { country: UNTAXED }, ...choices });
    const expectedTotalCents = quote.totalCents as number;
    await customer.api.checkout.place.mutate({
      idempotencyKey: newIdempotencyKey(),
      shipTo: to(UNTAXED),
      ...choices,
      expectedTotalCents,
    });
    await customer.api.cart.add.mutate({ variantId: product.variantId, quantity: 1 });
    const again = await trpcError(
      customer.api.checkout.place.mutate({
        idempotencyKey: newIdempotencyKey(),
        shipTo: to(UNTAXED),
        ...choices,
        expectedTotalCents,
      }),
    );
    expect(again.data).toMatchObject({ httpStatus: 409, reason: 'DISCOUNT_ALREADY_USED' });

    const email = uniqueEmail('code-guest');
    for (const [i, want] of [
      [0, 'placed'],
      [1, 'DISCOUNT_ALREADY_USED'],
    ] as const) {
      const guest = await guestWithCart(product.variantId, 1);
      const outcome = await guest.api.checkout.place
        .mutate({
          idempotencyKey: `guest-${i}-${newIdempotencyKey()}`,
          email: email.toUpperCase(),
          shipTo: to(UNTAXED),
          ...choices,
          expectedTotalCents,
        })
        .then(
          () => 'placed',
          (error: { data: ErrorData }) => error.data.reason,
        );
      expect(outcome).toBe(want);
    }
  });
});

/** checkout.quote and checkout.place through the Worker with other bindings (e.g. prices that include tax). */
async function callWith(bindings: Record<string, string>, path: string, input: unknown, token: string) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const response =
    path === 'checkout.quote'
      ? await app.request(
          `http://stockroom.test/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
          { headers },
          { ...env, ...bindings },
        )
      : await app.request(
          `http://stockroom.test/trpc/${path}`,
          { method: 'POST', headers, body: JSON.stringify(input) },
          { ...env, ...bindings },
        );
  const body = (await response.json()) as { result?: { data: Record<string, unknown> }; error?: { data: ErrorData } };
  if (!body.result) throw new Error(`${path} failed: ${JSON.stringify(body.error)}`);
  return body.result.data;
}

describe('prices that include tax (PRICES_INCLUDE_TAX=true)', () => {
  it('takes the tax out of the shelf price instead of adding it, for lines and shipping', async () => {
    const product = await fixtureProduct({ stock: 10, priceCents: 10_810 });
    const customer = await customerWithCart([{ variantId: product.variantId, quantity: 1 }]);
    const inclusive = { PRICES_INCLUDE_TAX: 'true', STORE_CURRENCY: 'CHF' };
    const choices = { shippingMethodId: swissPost.id };
    const quote = await callWith(
      inclusive,
      'checkout.quote',
      { destination: { country: INCLUSIVE }, ...choices },
      customer.token,
    );
    // 10810 gross at 8.1%: 810 of it is tax; shipping 900 gross: round(900 × 810 / 10810) = 67.
    expect(quote).toMatchObject({
      currency: 'CHF',
      pricesIncludeTax: true,
      subtotalCents: 10_810,
      shippingCents: 900,
      taxCents: 810 + 67,
      shippingTaxCents: 67,
      totalCents: 10_810 + 900,
    });
    const order = await callWith(
      inclusive,
      'checkout.place',
      { idempotencyKey: newIdempotencyKey(), shipTo: to(INCLUSIVE), ...choices, expectedTotalCents: quote.totalCents },
      customer.token,
    );
    expect(order).toMatchObject({ currency: 'CHF', pricesIncludeTax: true, taxCents: 877, totalCents: 11_710 });
  });
});

describe('quote = order', () => {
  it('for generated carts, destinations, methods and codes, the placed order is exactly its quote', async () => {
    const products = await Promise.all([
      fixtureProduct({ stock: 100_000, priceCents: 1 }),
      fixtureProduct({ stock: 100_000, priceCents: 999 }),
      fixtureProduct({ stock: 100_000, priceCents: 12_345 }),
      reducedProduct(333, 100_000),
      reducedProduct(7_001, 100_000),
    ]);
    const codes = [
      null,
      (await newCode({ kind: 'percent', value: 7 })).code,
      (await newCode({ kind: 'percent', value: 100 })).code,
      (await newCode({ kind: 'fixed', value: 1_234 })).code,
      (await newCode({ kind: 'fixed', value: 50_000 })).code,
    ];
    const customers = await fixtureCustomers(40);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(
          fc.record({
            product: fc.integer({ min: 0, max: products.length - 1 }),
            quantity: fc.integer({ min: 1, max: 7 }),
          }),
          {
            minLength: 1,
            maxLength: products.length,
            selector: (line) => line.product,
          },
        ),
        fc.constantFrom(TAXED, UNTAXED),
        fc.constantFrom(post.id, courier.id),
        fc.constantFrom(...codes),
        async (lines, country, shippingMethodId, discountCode) => {
          const customer = customers[run++];
          if (!customer) throw new Error('out of customers');
          for (const line of lines) {
            await customer.api.cart.add.mutate({
              variantId: (products[line.product] as { variantId: number }).variantId,
              quantity: line.quantity,
            });
          }
          const choices = { shippingMethodId, discountCode: discountCode ?? undefined };
          const quote = await customer.api.checkout.quote.query({ destination: { country }, ...choices });
          const order = await customer.api.checkout.place.mutate({
            idempotencyKey: newIdempotencyKey(),
            shipTo: to(country),
            ...choices,
            expectedTotalCents: quote.totalCents as number,
          });
          const amounts = (o: typeof quote | typeof order) => ({
            subtotalCents: o.subtotalCents,
            discountCents: o.discountCents,
            shippingCents: o.shippingCents,
            taxCents: o.taxCents,
            shippingTaxCents: o.shippingTaxCents,
            totalCents: o.totalCents,
          });
          expect(amounts(order)).toEqual(amounts(quote));
          expect(order.items.map((item) => [item.variantId, item.discountCents, item.taxCents])).toEqual(
            quote.lines.map((line) => [line.variantId, line.discountCents, line.taxCents]),
          );
          // The lines' discount shares add up to the discount; the total is what the rule says.
          expect(order.items.reduce((sum, item) => sum + item.discountCents, 0)).toBe(order.discountCents);
          expect(order.totalCents).toBe(
            order.subtotalCents - order.discountCents + order.shippingCents + order.taxCents,
          );
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
