/**
 * Products sold in variants: each variant its own SKU, price and stock, every
 * guarantee held per variant, and every write one round trip.
 */
import { describe, expect, it } from 'vitest';
import {
  client,
  countRoundTrips,
  FIXTURE_METHOD_ID,
  fixtureCustomers,
  newIdempotencyKey,
  runSql,
  signInAdmin,
  stockAndLedger,
  trpcError,
} from './helpers.ts';

const unique = () => crypto.randomUUID().slice(0, 8).toUpperCase();

/** A tee in sizes S/M/L and colours Black/White (White L not made), created through the API. */
async function tee(stock: { S: number; M: number; L: number } = { S: 5, M: 7, L: 3 }) {
  const admin = await signInAdmin();
  const tag = unique();
  const input = {
    categoryId: 1,
    name: `Variant Tee ${tag}`,
    options: [
      { name: 'Size', values: ['S', 'M', 'L'] },
      { name: 'Colour', values: ['Black', 'White'] },
    ],
    variants: [
      { sku: `TEE-${tag}-BLK-S`, options: { Size: 'S', Colour: 'Black' }, priceCents: 2000, stock: stock.S },
      { sku: `TEE-${tag}-BLK-M`, options: { Size: 'M', Colour: 'Black' }, priceCents: 2000, stock: stock.M },
      { sku: `TEE-${tag}-BLK-L`, options: { Size: 'L', Colour: 'Black' }, priceCents: 2200, stock: stock.L },
      { sku: `TEE-${tag}-WHT-S`, options: { Size: 'S', Colour: 'White' }, priceCents: 2000, stock: 0 },
    ],
  };
  const product = await admin.api.catalog.createProduct.mutate(input);
  const bySku = (suffix: string) => product.variants.find((variant) => variant.sku === `TEE-${tag}-${suffix}`);
  return { admin, tag, input, product, bySku };
}

describe('creating a product with options and variants', () => {
  it('writes the product, every variant and their initial ledger rows in one round trip', async () => {
    const admin = await signInAdmin();
    const tag = unique();
    let created: Awaited<ReturnType<typeof admin.api.catalog.createProduct.mutate>> | undefined;
    const trips = await countRoundTrips(async () => {
      created = await admin.api.catalog.createProduct.mutate({
        categoryId: 1,
        name: `Hoodie ${tag}`,
        options: [{ name: 'Size', values: ['M', 'L'] }],
        variants: [
          { sku: `H-${tag}-M`, options: { Size: 'M' }, priceCents: 5000, stock: 4 },
          { sku: `H-${tag}-L`, options: { Size: 'L' }, priceCents: 5500, stock: 0 },
        ],
      });
    });
    expect(trips).toBe(1);
    expect(created).toMatchObject({
      name: `Hoodie ${tag}`,
      options: [{ name: 'Size', values: ['M', 'L'] }],
      priceCents: 5000,
      maxPriceCents: 5500,
      stock: 4,
    });
    expect(
      created?.variants.map(({ sku, options, priceCents, stock }) => ({ sku, options, priceCents, stock })),
    ).toEqual([
      { sku: `H-${tag}-M`, options: { Size: 'M' }, priceCents: 5000, stock: 4 },
      { sku: `H-${tag}-L`, options: { Size: 'L' }, priceCents: 5500, stock: 0 },
    ]);
    const [medium] = created?.variants ?? [];
    expect(await stockAndLedger(medium?.id as number)).toEqual({ stock: 4, ledger: 4 });
  });

  it('lists the product once, with its price range, stock over its variants and no default variant', async () => {
    const { product } = await tee();
    const page = await client().catalog.products.query({ search: product.name, limit: 5 });
    expect(page.items).toEqual([
      expect.objectContaining({
        id: product.id,
        optionNames: ['Size', 'Colour'],
        priceCents: 2000,
        maxPriceCents: 2200,
        stock: 15,
        inStock: true,
        variantCount: 4,
        defaultVariantId: null,
      }),
    ]);
    const page1 = await client().catalog.product.query({ id: product.id });
    expect(page1.options).toEqual([
      { name: 'Size', values: ['S', 'M', 'L'] },
      { name: 'Colour', values: ['Black', 'White'] },
    ]);
  });

  it('refuses a repeated SKU with DUPLICATE and writes nothing, also against another product', async () => {
    const { admin, input, tag } = await tee();
    const before = await runSql('SELECT count(*) AS n FROM variants');
    const again = await trpcError(admin.api.catalog.createProduct.mutate({ ...input, name: `Copy ${tag}` }));
    expect(again.data).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE', details: { field: 'sku' } });
    const within = await trpcError(
      admin.api.catalog.createProduct.mutate({
        categoryId: 1,
        name: `Twins ${tag}`,
        options: [{ name: 'Size', values: ['S', 'M'] }],
        variants: [
          { sku: `TWIN-${tag}`, options: { Size: 'S' }, priceCents: 1 },
          { sku: `TWIN-${tag}`, options: { Size: 'M' }, priceCents: 1 },
        ],
      }),
    );
    expect(within.data).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE' });
    expect(await runSql('SELECT count(*) AS n FROM variants')).toEqual(before);
    expect(await runSql('SELECT id FROM products WHERE name IN (?, ?)', [`Copy ${tag}`, `Twins ${tag}`])).toEqual([]);
  });

  it('refuses a repeated SKU with DUPLICATE when two admins race to create it: one product, one variant', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const product = (name: string) => ({
      categoryId: 1,
      name,
      options: [{ name: 'Size', values: ['S'] }],
      variants: [{ sku: `RACE-${tag}`, options: { Size: 'S' }, priceCents: 900, stock: 3 }],
    });
    const [first, second] = [await signInAdmin(), await signInAdmin()];
    const outcomes = await Promise.allSettled([
      first.api.catalog.createProduct.mutate(product(`Race A ${tag}`)),
      second.api.catalog.createProduct.mutate(product(`Race B ${tag}`)),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason.data).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE', details: { field: 'sku' } });
    expect(await runSql('SELECT count(*) AS n FROM variants WHERE sku = ?', [`RACE-${tag}`])).toEqual([{ n: 1 }]);
    expect(
      await runSql('SELECT count(*) AS n FROM products WHERE name IN (?, ?)', [`Race A ${tag}`, `Race B ${tag}`]),
    ).toEqual([{ n: 1 }]);
  });

  it('refuses a product whose variants repeat an option combination with DUPLICATE (options) and writes nothing', async () => {
    const admin = await signInAdmin();
    const tag = crypto.randomUUID().slice(0, 8);
    const before = await runSql('SELECT count(*) AS n FROM variants');
    const error = await trpcError(
      admin.api.catalog.createProduct.mutate({
        categoryId: 1,
        name: `Same size twice ${tag}`,
        options: [{ name: 'Size', values: ['S', 'M'] }],
        variants: [
          { sku: `SAME-1-${tag}`, options: { Size: 'S' }, priceCents: 1 },
          { sku: `SAME-2-${tag}`, options: { Size: 'S' }, priceCents: 1 },
        ],
      }),
    );
    expect(error.data).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE', details: { field: 'options' } });
    expect(await runSql('SELECT count(*) AS n FROM variants')).toEqual(before);
    expect(await runSql('SELECT id FROM products WHERE name = ?', [`Same size twice ${tag}`])).toEqual([]);
  });

  it('refuses variants whose options are not the declared ones with 400, naming the problem', async () => {
    const admin = await signInAdmin();
    const error = await trpcError(
      admin.api.catalog.createProduct.mutate({
        categoryId: 1,
        name: 'Odd sizes',
        options: [{ name: 'Size', values: ['S'] }],
        variants: [{ options: { Size: 'XXL' }, priceCents: 1 }],
      }),
    );
    expect(error.data).toMatchObject({ code: 'BAD_REQUEST', reason: 'INVALID_INPUT' });
    expect(error.message).toMatch(/"XXL" is not a value of Size/);
  });
});

describe('adding and changing variants', () => {
  it('adds a variant in one round trip; a repeated combination is DUPLICATE, also when two admins race', async () => {
    const { admin, product, tag } = await tee();
    const white = { productId: product.id, options: { Size: 'M', Colour: 'White' }, priceCents: 2100, stock: 6 };
    let added: Awaited<ReturnType<typeof admin.api.catalog.addVariant.mutate>> | undefined;
    expect(
      await countRoundTrips(
        async () => (added = await admin.api.catalog.addVariant.mutate({ ...white, sku: `W-${tag}` })),
      ),
    ).toBe(1);
    const variant = added?.variants.find((entry) => entry.sku === `W-${tag}`);
    expect(variant).toMatchObject({ options: { Size: 'M', Colour: 'White' }, priceCents: 2100, stock: 6 });
    expect(await stockAndLedger(variant?.id as number)).toEqual({ stock: 6, ledger: 6 });
    const again = await trpcError(admin.api.catalog.addVariant.mutate(white));
    expect(again.data).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE', details: { field: 'options' } });

    const raced = { productId: product.id, options: { Size: 'L', Colour: 'White' }, priceCents: 2100 };
    const outcomes = await Promise.allSettled([
      admin.api.catalog.addVariant.mutate(raced),
      (await signInAdmin()).api.catalog.addVariant.mutate(raced),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason.data.reason).toBe('DUPLICATE');
    expect(
      await runSql("SELECT count(*) AS n FROM variants WHERE product_id = ? AND option_key = 'Colour=White;Size=L'", [
        product.id,
      ]),
    ).toEqual([{ n: 1 }]);
  });

  it('refuses a variant that leaves out or adds an option with INVALID_OPTIONS, and an unknown product with NOT_FOUND', async () => {
    const { admin, product } = await tee();
    const wrong: Array<Record<string, string>> = [{ Size: 'XL' }, { Size: 'XL', Colour: 'Red', Fit: 'Slim' }];
    for (const options of wrong) {
      const error = await trpcError(
        admin.api.catalog.addVariant.mutate({ productId: product.id, options, priceCents: 1 }),
      );
      expect(error.data).toMatchObject({
        code: 'BAD_REQUEST',
        reason: 'INVALID_OPTIONS',
        details: { options: ['Size', 'Colour'] },
      });
    }
    const missing = await trpcError(
      admin.api.catalog.addVariant.mutate({ productId: 999_999_999, options: {}, priceCents: 1 }),
    );
    expect(missing.data.reason).toBe('NOT_FOUND');
  });

  it('changes one variant price in one round trip; an archived variant cannot be bought', async () => {
    const { admin, bySku } = await tee();
    const large = bySku('BLK-L');
    expect(
      await countRoundTrips(() =>
        admin.api.catalog.updateVariant.mutate({ id: large?.id as number, priceCents: 2500 }),
      ),
    ).toBe(1);
    const [customer] = await fixtureCustomers(1);
    const order = await customer?.api.orders.create.mutate({
      idempotencyKey: newIdempotencyKey(),
      items: [{ variantId: large?.id as number, quantity: 1 }],
      shippingMethodId: FIXTURE_METHOD_ID,
    });
    expect(order?.totalCents).toBe(2500);
    await admin.api.catalog.updateVariant.mutate({ id: large?.id as number, isActive: false });
    const refused = await trpcError(
      customer?.api.cart.add.mutate({ variantId: large?.id as number, quantity: 1 }) as Promise<unknown>,
    );
    expect(refused.data.reason).toBe('PRODUCT_UNAVAILABLE');
    const page = await client().catalog.product.query({ id: order?.items[0]?.productId as number });
    expect(page.variants.map((variant) => variant.id)).not.toContain(large?.id);
    expect(
      (await trpcError(admin.api.catalog.updateVariant.mutate({ id: 999_999_999, priceCents: 1 }))).data.reason,
    ).toBe('NOT_FOUND');
  });

  it('keeps what an order bought after the product is renamed and the variant archived', async () => {
    const { admin, product, bySku } = await tee();
    const small = bySku('BLK-S');
    const [customer] = await fixtureCustomers(1);
    const order = await customer?.api.orders.create.mutate({
      idempotencyKey: newIdempotencyKey(),
      items: [{ variantId: small?.id as number, quantity: 2 }],
      shippingMethodId: FIXTURE_METHOD_ID,
    });
    await admin.api.catalog.updateProduct.mutate({ id: product.id, name: 'Renamed tee' });
    await admin.api.catalog.updateVariant.mutate({ id: small?.id as number, isActive: false, sku: `GONE-${unique()}` });
    const reread = await customer?.api.orders.get.query({ id: order?.id as number });
    expect(reread?.items).toEqual([
      {
        variantId: small?.id,
        productId: product.id,
        name: product.name,
        sku: small?.sku,
        options: { Size: 'S', Colour: 'Black' },
        quantity: 2,
        unitPriceCents: 2000,
        subtotalCents: 4000,
        // No code, no tax at the fixture destination.
        discountCents: 0,
        taxRateBps: 0,
        taxCents: 0,
        // Nothing shipped, delivered, cancelled, returned or refunded yet.
        shippedQuantity: 0,
        deliveredQuantity: 0,
        cancelledQuantity: 0,
        returnedQuantity: 0,
        refundedQuantity: 0,
      },
    ]);
  });
});

describe('stock per variant', () => {
  it('sells exactly the stock of one size when orders race for it, and never moves another size', async () => {
    const { bySku } = await tee({ S: 5, M: 7, L: 3 });
    const small = bySku('BLK-S')?.id as number;
    const medium = bySku('BLK-M')?.id as number;
    const customers = await fixtureCustomers(20);
    const replies = await Promise.allSettled(
      customers.map((customer) =>
        customer.api.orders.create.mutate({
          idempotencyKey: newIdempotencyKey(),
          items: [{ variantId: small, quantity: 1 }],
          shippingMethodId: FIXTURE_METHOD_ID,
        }),
      ),
    );
    expect(replies.filter((reply) => reply.status === 'fulfilled')).toHaveLength(5);
    for (const reply of replies.filter((entry) => entry.status === 'rejected') as PromiseRejectedResult[]) {
      expect(reply.reason.data.reason).toBe('INSUFFICIENT_STOCK');
      expect(reply.reason.data.details.variantIds).toEqual([small]);
    }
    expect(await stockAndLedger(small)).toEqual({ stock: 0, ledger: 0 });
    expect(await stockAndLedger(medium)).toEqual({ stock: 7, ledger: 7 });
  });

  it('restocks one variant in one round trip, leaving its siblings alone', async () => {
    const { admin, bySku } = await tee();
    const large = bySku('BLK-L')?.id as number;
    expect(await countRoundTrips(() => admin.api.inventory.restock.mutate({ variantId: large, quantity: 4 }))).toBe(1);
    expect(await stockAndLedger(large)).toEqual({ stock: 7, ledger: 7 });
    expect(await stockAndLedger(bySku('BLK-S')?.id as number)).toEqual({ stock: 5, ledger: 5 });
    const report = await admin.api.inventory.reconcile.query();
    expect(report.mismatches.map((mismatch) => mismatch.variantId)).not.toContain(large);
  });
});
