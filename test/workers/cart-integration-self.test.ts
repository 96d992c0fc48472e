import { describe, expect, it } from 'vitest';
import {
  client,
  countRoundTrips,
  fixtureProduct,
  signInAdmin,
  signUpCustomer,
  stockAndLedger,
  trpcError,
} from './helpers.ts';

let counter = 0;
/** A fresh product in a fresh category, created by the seeded admin. */
async function newProduct(stock: number, priceCents = 1000) {
  counter += 1;
  const admin = await signInAdmin();
  const category = await admin.api.catalog.createCategory.mutate({
    name: 'Cart tests',
    slug: `cart-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 6)}`,
  });
  const created = await admin.api.catalog.createProduct.mutate({
    categoryId: category.id,
    name: `Cart product ${counter}`,
    priceCents,
    stock,
  });
  // Sold in one variant: the cart takes that variant's id.
  const product = { ...created, variantId: created.variants[0]?.id as number };
  return { product, admin: admin.api };
}

/** A signed-in customer whose client has already talked to the database (warm). */
async function warmCustomer() {
  const customer = await signUpCustomer();
  await customer.api.cart.get.query();
  return customer;
}

describe('cart access', () => {
  it('refuses a bad bearer token with UNAUTHORIZED instead of treating the caller as a guest', async () => {
    const { product } = await newProduct(10);
    const bad = client('not-a-token');
    expect((await trpcError(bad.cart.get.query())).data.code).toBe('UNAUTHORIZED');
    expect((await trpcError(bad.cart.add.mutate({ variantId: product.variantId, quantity: 1 }))).data.code).toBe(
      'UNAUTHORIZED',
    );
    expect((await trpcError(bad.cart.clear.mutate())).data.code).toBe('UNAUTHORIZED');
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 10, ledger: 10 });
  });

  it('shows an empty cart to an anonymous caller until their first add starts one', async () => {
    expect(await client().cart.get.query()).toEqual({ items: [], totalCents: 0 });
    expect(await client().cart.clear.mutate()).toEqual({ removed: 0 });
  });

  it('keeps each user to their own cart', async () => {
    const { product } = await newProduct(10);
    const alice = await warmCustomer();
    const bob = await warmCustomer();
    await alice.api.cart.add.mutate({ variantId: product.variantId, quantity: 2 });
    expect(await bob.api.cart.get.query()).toEqual({ items: [], totalCents: 0 });
    await bob.api.cart.clear.mutate();
    expect((await alice.api.cart.get.query()).items).toHaveLength(1);
  });
});

describe('cart.add', () => {
  it('adds a line in one round trip and cart.get shows price, subtotal, availability and total', async () => {
    const { product } = await newProduct(10, 1250);
    const second = await newProduct(5, 300);
    const { api } = await warmCustomer();
    let line: unknown;
    expect(
      await countRoundTrips(
        async () => (line = await api.cart.add.mutate({ variantId: product.variantId, quantity: 2 })),
      ),
    ).toBe(1);
    expect(line).toEqual({ variantId: product.variantId, quantity: 2 });
    await api.cart.add.mutate({ variantId: second.product.variantId, quantity: 1 });
    let cart: Awaited<ReturnType<typeof api.cart.get.query>> | undefined;
    expect(await countRoundTrips(async () => (cart = await api.cart.get.query()))).toBe(1);
    expect(cart).toEqual({
      items: [
        {
          variantId: product.variantId,
          productId: product.id,
          name: product.name,
          sku: `SKU-${product.variantId}`,
          options: {},
          priceCents: 1250,
          quantity: 2,
          subtotalCents: 2500,
          available: true,
        },
        {
          variantId: second.product.variantId,
          productId: second.product.id,
          name: second.product.name,
          sku: `SKU-${second.product.variantId}`,
          options: {},
          priceCents: 300,
          quantity: 1,
          subtotalCents: 300,
          available: true,
        },
      ],
      totalCents: 2800,
    });
  });

  it('merges a second add into the same line, in one round trip', async () => {
    const { product } = await newProduct(10);
    const { api } = await warmCustomer();
    await api.cart.add.mutate({ variantId: product.variantId, quantity: 2 });
    let line: unknown;
    expect(
      await countRoundTrips(
        async () => (line = await api.cart.add.mutate({ variantId: product.variantId, quantity: 3 })),
      ),
    ).toBe(1);
    expect(line).toEqual({ variantId: product.variantId, quantity: 5 });
    const cart = await api.cart.get.query();
    expect(cart.items).toHaveLength(1);
    expect(cart.items[0]?.quantity).toBe(5);
  });

  it('refuses a sold-out product with INSUFFICIENT_STOCK', async () => {
    const { product } = await newProduct(0);
    const { api } = await warmCustomer();
    const error = await trpcError(api.cart.add.mutate({ variantId: product.variantId, quantity: 1 }));
    expect(error.data).toMatchObject({ code: 'CONFLICT', reason: 'INSUFFICIENT_STOCK' });
    expect((await api.cart.get.query()).items).toEqual([]);
  });

  it('refuses more than the stock, counting what is already in the cart, and keeps the line as it was', async () => {
    const { product } = await newProduct(5);
    const { api } = await warmCustomer();
    await api.cart.add.mutate({ variantId: product.variantId, quantity: 3 });
    let error: Awaited<ReturnType<typeof trpcError>> | undefined;
    const trips = await countRoundTrips(
      async () => (error = await trpcError(api.cart.add.mutate({ variantId: product.variantId, quantity: 3 }))),
    );
    expect(error?.data).toMatchObject({ code: 'CONFLICT', reason: 'INSUFFICIENT_STOCK' });
    expect(error?.data.details).toEqual({ variantId: product.variantId, available: 5, inCart: 3 });
    expect(trips).toBe(2); // the refused batch, then one read to say why
    expect((await api.cart.get.query()).items[0]?.quantity).toBe(3);
    expect(await api.cart.add.mutate({ variantId: product.variantId, quantity: 2 })).toEqual({
      variantId: product.variantId,
      quantity: 5,
    });
  });

  it('answers NOT_FOUND for an unknown product', async () => {
    const { api } = await warmCustomer();
    const error = await trpcError(api.cart.add.mutate({ variantId: 999_999, quantity: 1 }));
    expect(error.data).toMatchObject({ code: 'NOT_FOUND', reason: 'NOT_FOUND' });
  });

  it('refuses an archived product with CONFLICT PRODUCT_UNAVAILABLE', async () => {
    const { product, admin } = await newProduct(10);
    await admin.catalog.updateProduct.mutate({ id: product.id, isActive: false });
    const { api } = await warmCustomer();
    const error = await trpcError(api.cart.add.mutate({ variantId: product.variantId, quantity: 1 }));
    expect(error.data).toMatchObject({ code: 'CONFLICT', reason: 'PRODUCT_UNAVAILABLE' });
    expect((await api.cart.get.query()).items).toEqual([]);
  });

  it('refuses to merge a line past 999 with LINE_QUANTITY_LIMIT, even when stock would cover it', async () => {
    const { product } = await newProduct(5000);
    const { api } = await warmCustomer();
    await api.cart.add.mutate({ variantId: product.variantId, quantity: 999 });
    const error = await trpcError(api.cart.add.mutate({ variantId: product.variantId, quantity: 1 }));
    expect(error.data).toMatchObject({ code: 'BAD_REQUEST', reason: 'LINE_QUANTITY_LIMIT' });
    expect((await api.cart.get.query()).items[0]?.quantity).toBe(999);
  });

  it('refuses a 101st different product with CART_TOO_LARGE, since an order holds at most 100 lines', async () => {
    const products = await Promise.all(Array.from({ length: 101 }, () => fixtureProduct({ stock: 5 })));
    const { api } = await warmCustomer();
    for (const product of products.slice(0, 100))
      await api.cart.add.mutate({ variantId: product.variantId, quantity: 1 });
    const error = await trpcError(
      api.cart.add.mutate({ variantId: (products[100] as { variantId: number }).variantId, quantity: 1 }),
    );
    expect(error.data).toMatchObject({ code: 'BAD_REQUEST', reason: 'CART_TOO_LARGE' });
    await api.cart.add.mutate({ variantId: (products[0] as { variantId: number }).variantId, quantity: 1 });
    const cart = await api.cart.get.query();
    expect(cart.items).toHaveLength(100);
    expect(cart.items[0]?.quantity).toBe(2);
  });

  it('rejects quantities outside 1..999 and fractions with BAD_REQUEST naming quantity', async () => {
    const { api } = await warmCustomer();
    for (const quantity of [0, -1, 1000, 1.5]) {
      const error = await trpcError(api.cart.add.mutate({ variantId: 1, quantity }));
      expect(error.data.code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(/quantity/);
    }
  });
});

describe('cart.get', () => {
  it('shows the current price after an admin changes it', async () => {
    const { product, admin } = await newProduct(10, 1000);
    const { api } = await warmCustomer();
    await api.cart.add.mutate({ variantId: product.variantId, quantity: 2 });
    await admin.catalog.updateProduct.mutate({ id: product.id, priceCents: 1500 });
    const cart = await api.cart.get.query();
    expect(cart.items[0]).toMatchObject({ priceCents: 1500, subtotalCents: 3000 });
    expect(cart.totalCents).toBe(3000);
  });

  it('marks a line unavailable once its product is archived', async () => {
    const { product, admin } = await newProduct(10);
    const { api } = await warmCustomer();
    await api.cart.add.mutate({ variantId: product.variantId, quantity: 2 });
    await admin.catalog.updateProduct.mutate({ id: product.id, isActive: false });
    expect((await api.cart.get.query()).items[0]).toMatchObject({ variantId: product.variantId, available: false });
  });
});

describe('cart.setQuantity', () => {
  it('sets the quantity (no merging) in one round trip', async () => {
    const { product } = await newProduct(10);
    const { api } = await warmCustomer();
    await api.cart.add.mutate({ variantId: product.variantId, quantity: 4 });
    let line: unknown;
    expect(
      await countRoundTrips(
        async () => (line = await api.cart.setQuantity.mutate({ variantId: product.variantId, quantity: 7 })),
      ),
    ).toBe(1);
    expect(line).toEqual({ variantId: product.variantId, quantity: 7 });
    expect((await api.cart.get.query()).items[0]?.quantity).toBe(7);
  });

  it('creates the line when it is not in the cart yet', async () => {
    const { product } = await newProduct(10);
    const { api } = await warmCustomer();
    expect(await api.cart.setQuantity.mutate({ variantId: product.variantId, quantity: 2 })).toEqual({
      variantId: product.variantId,
      quantity: 2,
    });
  });

  it('removes the line with 0, in one round trip', async () => {
    const { product } = await newProduct(10);
    const { api } = await warmCustomer();
    await api.cart.add.mutate({ variantId: product.variantId, quantity: 4 });
    let line: unknown;
    expect(
      await countRoundTrips(
        async () => (line = await api.cart.setQuantity.mutate({ variantId: product.variantId, quantity: 0 })),
      ),
    ).toBe(1);
    expect(line).toEqual({ variantId: product.variantId, quantity: 0 });
    expect((await api.cart.get.query()).items).toEqual([]);
  });

  it('refuses more than the stock with INSUFFICIENT_STOCK and keeps the line', async () => {
    const { product } = await newProduct(3);
    const { api } = await warmCustomer();
    await api.cart.add.mutate({ variantId: product.variantId, quantity: 2 });
    const error = await trpcError(api.cart.setQuantity.mutate({ variantId: product.variantId, quantity: 4 }));
    expect(error.data).toMatchObject({ code: 'CONFLICT', reason: 'INSUFFICIENT_STOCK' });
    expect((await api.cart.get.query()).items[0]?.quantity).toBe(2);
    expect(await api.cart.setQuantity.mutate({ variantId: product.variantId, quantity: 3 })).toMatchObject({
      quantity: 3,
    });
  });

  it('refuses an archived product with PRODUCT_UNAVAILABLE and an unknown one with NOT_FOUND', async () => {
    const { product, admin } = await newProduct(10);
    const { api } = await warmCustomer();
    await api.cart.add.mutate({ variantId: product.variantId, quantity: 1 });
    await admin.catalog.updateProduct.mutate({ id: product.id, isActive: false });
    const archived = await trpcError(api.cart.setQuantity.mutate({ variantId: product.variantId, quantity: 2 }));
    expect(archived.data).toMatchObject({ code: 'CONFLICT', reason: 'PRODUCT_UNAVAILABLE' });
    const unknown = await trpcError(api.cart.setQuantity.mutate({ variantId: 999_999, quantity: 2 }));
    expect(unknown.data).toMatchObject({ code: 'NOT_FOUND', reason: 'NOT_FOUND' });
  });
});

describe('cart.remove and cart.clear', () => {
  it('removes one line in one round trip and says how many went', async () => {
    const { product } = await newProduct(10);
    const other = await newProduct(10);
    const { api } = await warmCustomer();
    await api.cart.add.mutate({ variantId: product.variantId, quantity: 1 });
    await api.cart.add.mutate({ variantId: other.product.variantId, quantity: 1 });
    let result: unknown;
    expect(
      await countRoundTrips(async () => (result = await api.cart.remove.mutate({ variantId: product.variantId }))),
    ).toBe(1);
    expect(result).toEqual({ removed: 1 });
    expect(await api.cart.remove.mutate({ variantId: product.variantId })).toEqual({ removed: 0 });
    expect((await api.cart.get.query()).items.map((item) => item.productId)).toEqual([other.product.id]);
  });

  it('clears every line in one round trip', async () => {
    const { product } = await newProduct(10);
    const other = await newProduct(10);
    const { api } = await warmCustomer();
    await api.cart.add.mutate({ variantId: product.variantId, quantity: 1 });
    await api.cart.add.mutate({ variantId: other.product.variantId, quantity: 2 });
    let result: unknown;
    expect(await countRoundTrips(async () => (result = await api.cart.clear.mutate()))).toBe(1);
    expect(result).toEqual({ removed: 2 });
    expect(await api.cart.get.query()).toEqual({ items: [], totalCents: 0 });
  });
});

describe('cart.add, with its SQL built once per isolate', () => {
  it('puts each of two customers adding at once their own line in their own cart', async () => {
    const products = [await fixtureProduct({ stock: 10 }), await fixtureProduct({ stock: 10 })];
    const customers = [await signUpCustomer(), await signUpCustomer()];
    await Promise.all(
      customers.map(({ api }, i) =>
        api.cart.add.mutate({ variantId: (products[i] as (typeof products)[number]).variantId, quantity: i + 1 }),
      ),
    );
    for (const [i, { api }] of customers.entries()) {
      const { items } = await api.cart.get.query();
      expect(items.map((item) => [item.variantId, item.quantity])).toEqual([
        [(products[i] as (typeof products)[number]).variantId, i + 1],
      ]);
    }
  });
});
