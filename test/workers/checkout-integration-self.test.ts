import { describe, expect, it } from 'vitest';
import {
  cartCheckout,
  countRoundTrips,
  FIXTURE_METHOD_ID,
  fixtureCustomers,
  fixtureProduct,
  newIdempotencyKey,
  quotedCheckout,
  signInAdmin,
  signUpCustomer,
  sqlClient,
  stockAndLedger,
  TYPED_ADDRESS,
  trpcError,
} from './helpers.ts';

describe('checkout.place', () => {
  it('turns the cart into an order at current prices and empties the cart, in one round trip', async () => {
    const a = await fixtureProduct({ stock: 10, priceCents: 700 });
    const b = await fixtureProduct({ stock: 10, priceCents: 1500 });
    const { api, user } = await signUpCustomer();
    await api.cart.add.mutate({ variantId: a.variantId, quantity: 2 });
    await api.cart.add.mutate({ variantId: b.variantId, quantity: 1 });
    // Quoted before the count: the placing alone is one round trip.
    const pricing = await quotedCheckout(api);
    expect(pricing.expectedTotalCents).toBe(2 * 700 + 1500);
    let order: Awaited<ReturnType<typeof api.checkout.place.mutate>> | undefined;
    const trips = await countRoundTrips(async () => {
      order = await api.checkout.place.mutate({ idempotencyKey: newIdempotencyKey(), ...pricing });
    });
    expect(trips).toBe(1);
    expect(order).toMatchObject({ status: 'pending', totalCents: 2 * 700 + 1500, customer: { id: user.id } });
    expect(order?.items.map((item) => [item.productId, item.quantity, item.unitPriceCents])).toEqual([
      [a.id, 2, 700],
      [b.id, 1, 1500],
    ]);
    expect((await api.cart.get.query()).items).toEqual([]);
    expect(await stockAndLedger(a.variantId)).toEqual({ stock: 8, ledger: 8 });
    expect(await stockAndLedger(b.variantId)).toEqual({ stock: 9, ledger: 9 });
  });

  it('refuses an empty cart with CART_EMPTY', async () => {
    const { api } = await signUpCustomer();
    const error = await trpcError(
      api.checkout.place.mutate({ idempotencyKey: newIdempotencyKey(), ...(await cartCheckout(api)) }),
    );
    expect(error.data).toMatchObject({ code: 'BAD_REQUEST', reason: 'CART_EMPTY' });
  });

  it('refuses short stock naming the product, writes nothing and keeps the cart', async () => {
    const plenty = await fixtureProduct({ stock: 10 });
    const scarce = await fixtureProduct({ stock: 3 });
    const { api } = await signUpCustomer();
    await api.cart.add.mutate({ variantId: plenty.variantId, quantity: 1 });
    await api.cart.add.mutate({ variantId: scarce.variantId, quantity: 3 });
    const db = sqlClient();
    await db.execute({ sql: 'UPDATE variants SET stock = stock - 2 WHERE id = ?', args: [scarce.variantId] });
    await db.execute({
      sql: "INSERT INTO inventory_movements (variant_id, quantity_change, reason) VALUES (?, -2, 'adjustment')",
      args: [scarce.variantId],
    });
    db.close();
    const error = await trpcError(
      api.checkout.place.mutate({ idempotencyKey: newIdempotencyKey(), ...(await cartCheckout(api)) }),
    );
    expect(error.data).toMatchObject({ code: 'CONFLICT', reason: 'INSUFFICIENT_STOCK' });
    expect(error.data.details?.variantIds).toEqual([scarce.variantId]);
    expect((await api.cart.get.query()).items).toHaveLength(2);
    expect(await stockAndLedger(plenty.variantId)).toEqual({ stock: 10, ledger: 10 });
    expect((await api.orders.mine.query()).items).toEqual([]);
  });

  it('refuses a cart holding a product archived after it was added with PRODUCT_UNAVAILABLE', async () => {
    const product = await fixtureProduct({ stock: 10 });
    const { api } = await signUpCustomer();
    await api.cart.add.mutate({ variantId: product.variantId, quantity: 1 });
    const db = sqlClient();
    await db.execute({ sql: 'UPDATE products SET is_active = 0 WHERE id = ?', args: [product.id] });
    db.close();
    const error = await trpcError(
      api.checkout.place.mutate({ idempotencyKey: newIdempotencyKey(), ...(await cartCheckout(api)) }),
    );
    expect(error.data).toMatchObject({ code: 'CONFLICT', reason: 'PRODUCT_UNAVAILABLE' });
    expect(error.data.details?.variantIds).toEqual([product.variantId]);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 10, ledger: 10 });
  });

  it('returns the same order when retried with the same key, even though the cart is now empty', async () => {
    const product = await fixtureProduct({ stock: 10 });
    const { api } = await signUpCustomer();
    await api.cart.add.mutate({ variantId: product.variantId, quantity: 1 });
    const request = { idempotencyKey: newIdempotencyKey(), ...(await quotedCheckout(api)) };
    const first = await api.checkout.place.mutate(request);
    const retry = await api.checkout.place.mutate(request);
    expect(retry).toEqual(first);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 9, ledger: 9 });
  });

  it('refuses the key of a placed checkout when the cart now holds other lines, and keeps the cart', async () => {
    const first = await fixtureProduct({ stock: 10 });
    const second = await fixtureProduct({ stock: 10 });
    const { api } = await signUpCustomer();
    await api.cart.add.mutate({ variantId: first.variantId, quantity: 1 });
    const idempotencyKey = newIdempotencyKey();
    await api.checkout.place.mutate({ idempotencyKey, ...(await quotedCheckout(api)) });
    await api.cart.add.mutate({ variantId: second.variantId, quantity: 3 });
    const error = await trpcError(api.checkout.place.mutate({ idempotencyKey, ...(await quotedCheckout(api)) }));
    expect(error.data).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect((await api.cart.get.query()).items.map((item) => [item.productId, item.quantity])).toEqual([[second.id, 3]]);
    expect(await stockAndLedger(second.variantId)).toEqual({ stock: 10, ledger: 10 });
  });

  it('costs exactly two round trips when refused or replayed: the write batch and one read batch', async () => {
    const scarce = await fixtureProduct({ stock: 2 });
    const { api } = await signUpCustomer();
    await api.auth.me.query();
    // Each total is known before its count starts, so the count holds the placing alone.
    const emptyCart = { shippingMethodId: FIXTURE_METHOD_ID, expectedTotalCents: 0 };
    let empty: Awaited<ReturnType<typeof trpcError>> | undefined;
    const emptyTrips = await countRoundTrips(async () => {
      empty = await trpcError(api.checkout.place.mutate({ idempotencyKey: newIdempotencyKey(), ...emptyCart }));
    });
    expect({ reason: empty?.data.reason, trips: emptyTrips }).toEqual({ reason: 'CART_EMPTY', trips: 2 });

    await api.cart.add.mutate({ variantId: scarce.variantId, quantity: 2 });
    const admin = await signInAdmin();
    await admin.api.inventory.adjust.mutate({ variantId: scarce.variantId, delta: -1, reason: 'recount' });
    const shortCart = await cartCheckout(api);
    let short: Awaited<ReturnType<typeof trpcError>> | undefined;
    const shortTrips = await countRoundTrips(async () => {
      short = await trpcError(api.checkout.place.mutate({ idempotencyKey: newIdempotencyKey(), ...shortCart }));
    });
    expect({ reason: short?.data.reason, trips: shortTrips }).toEqual({ reason: 'INSUFFICIENT_STOCK', trips: 2 });

    await api.cart.setQuantity.mutate({ variantId: scarce.variantId, quantity: 1 });
    const request = { idempotencyKey: newIdempotencyKey(), ...(await quotedCheckout(api)) };
    const first = await api.checkout.place.mutate(request);
    let replayed: typeof first | undefined;
    expect(await countRoundTrips(async () => (replayed = await api.checkout.place.mutate(request)))).toBe(2);
    expect(replayed).toEqual(first);
  });

  it('makes exactly one order from 20 concurrent retries of one checkout', async () => {
    const product = await fixtureProduct({ stock: 50 });
    const { api } = await signUpCustomer();
    await api.cart.add.mutate({ variantId: product.variantId, quantity: 2 });
    const request = { idempotencyKey: newIdempotencyKey(), ...(await quotedCheckout(api)) };
    const orders = await Promise.all(Array.from({ length: 20 }, () => api.checkout.place.mutate(request)));
    expect(new Set(orders.map((order) => order.id)).size).toBe(1);
    expect((await api.orders.mine.query()).items).toHaveLength(1);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 48, ledger: 48 });
  });

  it('never oversells: 200 concurrent checkouts on stock 50 give 50 orders and 150 INSUFFICIENT_STOCK', async () => {
    const product = await fixtureProduct({ stock: 50, priceCents: 999 });
    const customers = await fixtureCustomers(200);
    // Every cart is filled and quoted before the race, so the race is the placing alone.
    const placements = [];
    for (const customer of customers) {
      await customer.api.cart.add.mutate({ variantId: product.variantId, quantity: 1 });
      const request = { idempotencyKey: newIdempotencyKey(), ...(await quotedCheckout(customer.api)) };
      placements.push(() => customer.api.checkout.place.mutate(request));
    }
    const results = await Promise.allSettled(placements.map((place) => place()));
    const placed = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter((result) => result.status === 'rejected') as PromiseRejectedResult[];
    expect(placed).toHaveLength(50);
    expect(refused.map((result) => result.reason.data?.reason)).toEqual(Array(150).fill('INSUFFICIENT_STOCK'));
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 0, ledger: 0 });
    const admin = await signInAdmin();
    expect((await admin.api.inventory.reconcile.query()).ok).toBe(true);
  });
});

describe('placing, with its SQL built once per isolate', () => {
  // Orders of one shape share one cached SQL text: only its placeholders may differ between them.
  it('gives two customers checking out alike at once each their own order, owner, address and prices', async () => {
    const products = [
      await fixtureProduct({ stock: 10, priceCents: 700 }),
      await fixtureProduct({ stock: 10, priceCents: 1900 }),
    ];
    const customers = [await signUpCustomer('First Shopper'), await signUpCustomer('Second Shopper')];
    const shoppers = customers.map((customer, i) => ({
      ...customer,
      product: products[i] as (typeof products)[number],
      quantity: i + 1,
      address: { ...TYPED_ADDRESS, name: `Shopper ${i + 1}`, line1: `${i + 1} Storgata` },
    }));
    for (const { api, product, quantity } of shoppers)
      await api.cart.add.mutate({ variantId: product.variantId, quantity });
    const placed = await Promise.all(
      shoppers.map(async ({ api, address }) =>
        api.checkout.place.mutate({
          idempotencyKey: newIdempotencyKey(),
          shipTo: { address },
          ...(await quotedCheckout(api, { country: address.country })),
        }),
      ),
    );
    for (const [i, { api, user, product, quantity, address }] of shoppers.entries()) {
      const order = placed[i];
      expect(order).toMatchObject({
        customer: { id: user.id },
        shipTo: address,
        totalCents: quantity * product.priceCents,
        items: [{ productId: product.id, quantity, unitPriceCents: product.priceCents }],
      });
      expect((await api.orders.mine.query()).items.map((mine) => mine.id)).toEqual([order?.id]);
      expect(await stockAndLedger(product.variantId)).toEqual({ stock: 10 - quantity, ledger: 10 - quantity });
    }
  });

  it('gives two customers ordering explicit lines one after the other each their own lines', async () => {
    const products = [
      await fixtureProduct({ stock: 10, priceCents: 450 }),
      await fixtureProduct({ stock: 10, priceCents: 1200 }),
    ];
    const customers = [await signUpCustomer(), await signUpCustomer()];
    for (const [i, { api, user }] of customers.entries()) {
      const product = products[i] as (typeof products)[number];
      const order = await api.orders.create.mutate({
        idempotencyKey: newIdempotencyKey(),
        items: [{ variantId: product.variantId, quantity: i + 2 }],
        shippingMethodId: FIXTURE_METHOD_ID,
      });
      expect(order).toMatchObject({
        customer: { id: user.id },
        totalCents: (i + 2) * product.priceCents,
        items: [{ productId: product.id, quantity: i + 2, unitPriceCents: product.priceCents }],
      });
    }
  });
});
