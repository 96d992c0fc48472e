import { describe, expect, it } from 'vitest';
import {
  countRoundTrips,
  FIXTURE_METHOD_ID,
  fixtureProduct,
  newIdempotencyKey,
  signInAdmin,
  signUpCustomer,
  sqlClient,
  stockAndLedger,
  trpcError,
} from './helpers.ts';

describe('orders.create', () => {
  it('creates an order at current prices, deducts stock with sale movements and starts the history', async () => {
    const a = await fixtureProduct({ stock: 10, priceCents: 1250 });
    const b = await fixtureProduct({ stock: 5, priceCents: 300 });
    const { api, user } = await signUpCustomer();
    const order = await api.orders.create.mutate({
      idempotencyKey: newIdempotencyKey(),
      items: [
        { variantId: a.variantId, quantity: 2 },
        { variantId: b.variantId, quantity: 1 },
        { variantId: a.variantId, quantity: 1 },
      ],
      shippingMethodId: FIXTURE_METHOD_ID,
    });
    expect(order.status).toBe('pending');
    expect(order.totalCents).toBe(3 * 1250 + 300);
    expect(order.customer.id).toBe(user.id);
    expect(order.items).toEqual([
      {
        variantId: a.variantId,
        productId: a.id,
        name: a.name,
        sku: `SKU-${a.variantId}`,
        options: {},
        quantity: 3,
        unitPriceCents: 1250,
        subtotalCents: 3750,
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
      {
        variantId: b.variantId,
        productId: b.id,
        name: b.name,
        sku: `SKU-${b.variantId}`,
        options: {},
        quantity: 1,
        unitPriceCents: 300,
        subtotalCents: 300,
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
    expect(order.history).toMatchObject([{ fromStatus: null, toStatus: 'pending', actorId: user.id }]);
    expect(await stockAndLedger(a.variantId)).toEqual({ stock: 7, ledger: 7 });
    expect(await stockAndLedger(b.variantId)).toEqual({ stock: 4, ledger: 4 });
  });

  it('takes exactly one database round trip', async () => {
    const a = await fixtureProduct({ stock: 10 });
    const { api } = await signUpCustomer();
    await api.auth.me.query();
    const trips = await countRoundTrips(() =>
      api.orders.create.mutate({
        idempotencyKey: newIdempotencyKey(),
        items: [{ variantId: a.variantId, quantity: 1 }],
        shippingMethodId: FIXTURE_METHOD_ID,
      }),
    );
    expect(trips).toBe(1);
  });

  it('costs exactly two round trips when refused: the write batch, then one read batch to explain it', async () => {
    const scarce = await fixtureProduct({ stock: 1 });
    const archived = await fixtureProduct({ stock: 10, isActive: false });
    const { api } = await signUpCustomer();
    await api.auth.me.query();
    for (const [variantId, reason] of [
      [scarce.variantId, 'INSUFFICIENT_STOCK'],
      [archived.variantId, 'PRODUCT_UNAVAILABLE'],
    ] as const) {
      let error: Awaited<ReturnType<typeof trpcError>> | undefined;
      const trips = await countRoundTrips(async () => {
        error = await trpcError(
          api.orders.create.mutate({
            idempotencyKey: newIdempotencyKey(),
            items: [{ variantId, quantity: 2 }],
            shippingMethodId: FIXTURE_METHOD_ID,
          }),
        );
      });
      expect({ reason: error?.data.reason, trips }).toEqual({ reason, trips: 2 });
    }
  });

  it('costs exactly two round trips when replayed, or when its key is reused for other lines', async () => {
    const product = await fixtureProduct({ stock: 10 });
    const { api } = await signUpCustomer();
    const idempotencyKey = newIdempotencyKey();
    const items = [{ variantId: product.variantId, quantity: 1 }];
    const first = await api.orders.create.mutate({ idempotencyKey, items, shippingMethodId: FIXTURE_METHOD_ID });
    let again: typeof first | undefined;
    expect(
      await countRoundTrips(
        async () =>
          (again = await api.orders.create.mutate({ idempotencyKey, items, shippingMethodId: FIXTURE_METHOD_ID })),
      ),
    ).toBe(2);
    expect(again).toEqual(first);
    let reused: Awaited<ReturnType<typeof trpcError>> | undefined;
    const trips = await countRoundTrips(async () => {
      reused = await trpcError(
        api.orders.create.mutate({
          idempotencyKey,
          items: [{ variantId: product.variantId, quantity: 2 }],
          shippingMethodId: FIXTURE_METHOD_ID,
        }),
      );
    });
    expect({ reason: reused?.data.reason, trips }).toEqual({ reason: 'IDEMPOTENCY_KEY_REUSED', trips: 2 });
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 9, ledger: 9 });
  });

  it('refuses short stock with INSUFFICIENT_STOCK naming the product, and writes nothing', async () => {
    const plenty = await fixtureProduct({ stock: 10 });
    const scarce = await fixtureProduct({ stock: 1 });
    const { api } = await signUpCustomer();
    const error = await trpcError(
      api.orders.create.mutate({
        idempotencyKey: newIdempotencyKey(),
        items: [
          { variantId: plenty.variantId, quantity: 2 },
          { variantId: scarce.variantId, quantity: 2 },
        ],
        shippingMethodId: FIXTURE_METHOD_ID,
      }),
    );
    expect(error.data).toMatchObject({ code: 'CONFLICT', reason: 'INSUFFICIENT_STOCK' });
    expect(error.data.details?.variantIds).toEqual([scarce.variantId]);
    expect(await stockAndLedger(plenty.variantId)).toEqual({ stock: 10, ledger: 10 });
    expect(await stockAndLedger(scarce.variantId)).toEqual({ stock: 1, ledger: 1 });
    expect((await api.orders.mine.query()).items).toEqual([]);
  });

  it('refuses an archived product and an unknown one with PRODUCT_UNAVAILABLE', async () => {
    const archived = await fixtureProduct({ stock: 10, isActive: false });
    const { api } = await signUpCustomer();
    for (const variantId of [archived.variantId, 999_999_999]) {
      const error = await trpcError(
        api.orders.create.mutate({
          idempotencyKey: newIdempotencyKey(),
          items: [{ variantId, quantity: 1 }],
          shippingMethodId: FIXTURE_METHOD_ID,
        }),
      );
      expect(error.data).toMatchObject({ code: 'CONFLICT', reason: 'PRODUCT_UNAVAILABLE' });
      expect(error.data.details?.variantIds).toEqual([variantId]);
    }
    expect(await stockAndLedger(archived.variantId)).toEqual({ stock: 10, ledger: 10 });
  });

  it('returns the first order for a repeated key and refuses the key with other contents', async () => {
    const a = await fixtureProduct({ stock: 10 });
    const { api } = await signUpCustomer();
    const idempotencyKey = newIdempotencyKey();
    const items = [{ variantId: a.variantId, quantity: 2 }];
    const first = await api.orders.create.mutate({ idempotencyKey, items, shippingMethodId: FIXTURE_METHOD_ID });
    const again = await api.orders.create.mutate({ idempotencyKey, items, shippingMethodId: FIXTURE_METHOD_ID });
    expect(again).toEqual(first);
    const reused = await trpcError(
      api.orders.create.mutate({
        idempotencyKey,
        items: [{ variantId: a.variantId, quantity: 3 }],
        shippingMethodId: FIXTURE_METHOD_ID,
      }),
    );
    expect(reused.data).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await stockAndLedger(a.variantId)).toEqual({ stock: 8, ledger: 8 });
  });

  it('makes one order from 20 concurrent retries with one key', async () => {
    const a = await fixtureProduct({ stock: 100 });
    const { api } = await signUpCustomer();
    const idempotencyKey = newIdempotencyKey();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.orders.create.mutate({
          idempotencyKey,
          items: [{ variantId: a.variantId, quantity: 1 }],
          shippingMethodId: FIXTURE_METHOD_ID,
        }),
      ),
    );
    expect(new Set(results.map((order) => order.id)).size).toBe(1);
    expect((await api.orders.mine.query()).items).toHaveLength(1);
    expect(await stockAndLedger(a.variantId)).toEqual({ stock: 99, ledger: 99 });
  });

  it('keeps the same key apart for different users', async () => {
    const a = await fixtureProduct({ stock: 10 });
    const idempotencyKey = newIdempotencyKey();
    const one = await (await signUpCustomer()).api.orders.create.mutate({
      idempotencyKey,
      items: [{ variantId: a.variantId, quantity: 1 }],
      shippingMethodId: FIXTURE_METHOD_ID,
    });
    const two = await (await signUpCustomer()).api.orders.create.mutate({
      idempotencyKey,
      items: [{ variantId: a.variantId, quantity: 1 }],
      shippingMethodId: FIXTURE_METHOD_ID,
    });
    expect(one.id).not.toBe(two.id);
  });

  it('snapshots the unit price: a later price change does not touch the order', async () => {
    const a = await fixtureProduct({ stock: 10, priceCents: 500 });
    const { api } = await signUpCustomer();
    const order = await api.orders.create.mutate({
      idempotencyKey: newIdempotencyKey(),
      items: [{ variantId: a.variantId, quantity: 1 }],
      shippingMethodId: FIXTURE_METHOD_ID,
    });
    const db = sqlClient();
    await db.execute({ sql: 'UPDATE variants SET price_cents = 900 WHERE id = ?', args: [a.variantId] });
    db.close();
    const reread = await api.orders.get.query({ id: order.id });
    expect(reread.items[0]?.unitPriceCents).toBe(500);
    expect(reread.totalCents).toBe(500);
  });

  it('refuses more than 100 lines and fractional or negative quantities with BAD_REQUEST', async () => {
    const { api } = await signUpCustomer();
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ variantId: i + 1, quantity: 1 }));
    for (const items of [tooMany, [{ variantId: 1, quantity: 1.5 }], [{ variantId: 1, quantity: -1 }], []]) {
      const error = await trpcError(
        api.orders.create.mutate({ idempotencyKey: newIdempotencyKey(), items, shippingMethodId: FIXTURE_METHOD_ID }),
      );
      expect(error.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    }
  });
});

describe('orders.create line limits', () => {
  it('refuses repeated lines whose merged quantity passes 999, naming the product', async () => {
    const product = await fixtureProduct({ stock: 5000 });
    const { api } = await signUpCustomer();
    const items = [
      { variantId: product.variantId, quantity: 999 },
      { variantId: product.variantId, quantity: 1 },
    ];
    const error = await trpcError(
      api.orders.create.mutate({ idempotencyKey: newIdempotencyKey(), items, shippingMethodId: FIXTURE_METHOD_ID }),
    );
    expect(error.data).toMatchObject({ code: 'BAD_REQUEST' });
    expect(error.message).toContain(`Variant ${product.variantId}`);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 5000, ledger: 5000 });
  });
});

describe('orders.get / mine / list', () => {
  it('shows a customer only their own orders; another customer gets NOT_FOUND', async () => {
    const a = await fixtureProduct({ stock: 10 });
    const owner = await signUpCustomer();
    const other = await signUpCustomer();
    const order = await owner.api.orders.create.mutate({
      idempotencyKey: newIdempotencyKey(),
      items: [{ variantId: a.variantId, quantity: 1 }],
      shippingMethodId: FIXTURE_METHOD_ID,
    });
    expect((await owner.api.orders.get.query({ id: order.id })).id).toBe(order.id);
    const error = await trpcError(other.api.orders.get.query({ id: order.id }));
    expect(error.data).toMatchObject({ code: 'NOT_FOUND' });
    expect((await other.api.orders.mine.query()).items).toEqual([]);
    const admin = await signInAdmin();
    expect((await admin.api.orders.get.query({ id: order.id })).customer.id).toBe(owner.user.id);
  });

  it('pages orders.mine newest first with a cursor', async () => {
    const a = await fixtureProduct({ stock: 10 });
    const { api } = await signUpCustomer();
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        (
          await api.orders.create.mutate({
            idempotencyKey: newIdempotencyKey(),
            items: [{ variantId: a.variantId, quantity: 1 }],
            shippingMethodId: FIXTURE_METHOD_ID,
          })
        ).id,
      );
    }
    const first = await api.orders.mine.query({ limit: 2 });
    expect(first.items.map((order) => order.id)).toEqual([ids[2], ids[1]]);
    const second = await api.orders.mine.query({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((order) => order.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();
    expect((await api.orders.mine.query({ limit: 2, cursor: second.nextCursor })).items).toHaveLength(2);
  });

  it('lets only admins list every order, filtered by status', async () => {
    const a = await fixtureProduct({ stock: 10 });
    const customer = await signUpCustomer();
    const order = await customer.api.orders.create.mutate({
      idempotencyKey: newIdempotencyKey(),
      items: [{ variantId: a.variantId, quantity: 1 }],
      shippingMethodId: FIXTURE_METHOD_ID,
    });
    expect((await trpcError(customer.api.orders.list.query({}))).data.code).toBe('FORBIDDEN');
    const admin = await signInAdmin();
    const pending = await admin.api.orders.list.query({ status: 'pending', limit: 100 });
    expect(pending.items.every((row) => row.status === 'pending')).toBe(true);
    const listed = pending.items.find((row) => row.id === order.id);
    expect(listed?.customer).toEqual({ id: customer.user.id, name: 'Test Customer', email: customer.email });
  });
});
