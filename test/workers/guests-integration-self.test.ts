/**
 * Guests: a cart without an account (the server issues the cart token), a
 * checkout with an email and a typed address, the order reached only through
 * its link, the pending cap per cart token, the guest cart merged into the
 * account on sign-in (one batch, clamped, reported; proven against a racing
 * checkout), and the Cron Trigger that sweeps guest carts left alone.
 */
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../../src/app.ts';
import worker from '../../src/index.ts';
import type { ErrorData } from '../../src/shared/error-data.ts';
import { MAX_LINE_QUANTITY } from '../../src/shared/limits.ts';
import {
  client,
  countRoundTrips,
  fixtureProduct,
  guestClient,
  guestOrder,
  guestWithCart,
  newIdempotencyKey,
  quotedCheckout,
  runSql,
  signInAdmin,
  signUpCustomer,
  stockAndLedger,
  TYPED_ADDRESS,
  trpcError,
  uniqueEmail,
} from './helpers.ts';

/** A cart token of the right form that the server never issued. */
const UNISSUED_TOKEN = 'A'.repeat(43);
/** Where a guest's quote prices the cart to: the country of the address they type. */
const TYPED_DESTINATION = { country: TYPED_ADDRESS.country };

async function guestCartRow(cartToken: string) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(cartToken));
  const hash = [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `guest:${hash}`;
}

describe('a guest cart', () => {
  it('starts with the first add, which issues an unguessable token in one round trip', async () => {
    const product = await fixtureProduct({ stock: 10, priceCents: 700 });
    let started: Awaited<ReturnType<ReturnType<typeof client>['cart']['add']['mutate']>> | undefined;
    expect(
      await countRoundTrips(async () => {
        started = await client().cart.add.mutate({ variantId: product.variantId, quantity: 2 });
      }),
    ).toBe(1);
    if (!started || !('cartToken' in started)) throw new Error('no cart token issued');
    expect(started).toMatchObject({ variantId: product.variantId, quantity: 2 });
    expect(started.cartToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const guest = guestClient(started.cartToken);
    expect(await guest.cart.get.query()).toMatchObject({
      items: [{ variantId: product.variantId, quantity: 2, priceCents: 700 }],
      totalCents: 1400,
    });
    // Later writes name the cart by its token and issue no new one; one round trip each.
    let line: unknown;
    expect(
      await countRoundTrips(async () => {
        line = await guest.cart.add.mutate({ variantId: product.variantId, quantity: 1 });
      }),
    ).toBe(1);
    expect(line).toEqual({ variantId: product.variantId, quantity: 3 });
    // Only the token's hash is stored.
    const rows = await runSql('SELECT owner_key FROM carts WHERE owner_key LIKE ?', [`%${started.cartToken}%`]);
    expect(rows).toHaveLength(0);
    expect(
      await runSql('SELECT id FROM carts WHERE owner_key = ?', [await guestCartRow(started.cartToken)]),
    ).toHaveLength(1);
  });

  it('keeps guests apart: one token never sees or checks out another guest’s lines', async () => {
    const product = await fixtureProduct({ stock: 10 });
    const first = await guestWithCart(product.variantId, 3);
    const second = await guestWithCart(product.variantId, 1);
    expect((await second.api.cart.get.query()).items.map((item) => item.quantity)).toEqual([1]);
    await second.api.cart.clear.mutate();
    expect((await first.api.cart.get.query()).items.map((item) => item.quantity)).toEqual([3]);
  });

  it('answers a token the server never issued with CART_NOT_FOUND and writes nothing', async () => {
    const product = await fixtureProduct({ stock: 10 });
    for (const token of [UNISSUED_TOKEN, 'short', 'x'.repeat(500)]) {
      const error = await trpcError(guestClient(token).cart.add.mutate({ variantId: product.variantId, quantity: 1 }));
      expect(error.data).toMatchObject({ httpStatus: 404, reason: 'CART_NOT_FOUND' });
    }
    expect(await runSql("SELECT id FROM carts WHERE owner_key = 'guest:' || ?", [UNISSUED_TOKEN])).toHaveLength(0);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 10, ledger: 10 });
  });

  it('starts no cart when the first add is refused', async () => {
    const soldOut = await fixtureProduct({ stock: 0 });
    const before = await runSql('SELECT count(*) AS n FROM carts');
    const error = await trpcError(client().cart.add.mutate({ variantId: soldOut.variantId, quantity: 1 }));
    expect(error.data.reason).toBe('INSUFFICIENT_STOCK');
    expect(await runSql('SELECT count(*) AS n FROM carts')).toEqual(before);
  });
});

describe('guest checkout', () => {
  it('places the order in one round trip with the email and a snapshot of the typed address, and answers its link', async () => {
    const product = await fixtureProduct({ stock: 5, priceCents: 1200 });
    const guest = await guestWithCart(product.variantId, 2);
    const email = uniqueEmail('guest');
    const pricing = await quotedCheckout(guest.api, TYPED_DESTINATION);
    let order: Awaited<ReturnType<typeof guest.api.checkout.place.mutate>> | undefined;
    expect(
      await countRoundTrips(async () => {
        order = await guest.api.checkout.place.mutate({
          idempotencyKey: newIdempotencyKey(),
          email,
          shipTo: { address: TYPED_ADDRESS },
          ...pricing,
        });
      }),
    ).toBe(1);
    if (!order || !('accessToken' in order)) throw new Error('no access token');
    expect(order).toMatchObject({
      status: 'pending',
      totalCents: 2400,
      customer: { id: null, email, name: TYPED_ADDRESS.name },
      shipTo: TYPED_ADDRESS,
      items: [{ variantId: product.variantId, quantity: 2 }],
    });
    expect(order.history).toEqual([expect.objectContaining({ fromStatus: null, toStatus: 'pending', actorId: null })]);
    expect(await guest.api.cart.get.query()).toEqual({ items: [], totalCents: 0 });
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 3, ledger: 3 });
    // The link shows it; the database keeps only the token's hash.
    const viaLink = await client().orders.byLink.query({ token: order.accessToken });
    expect(viaLink).toMatchObject({ id: order.id, shipTo: TYPED_ADDRESS });
    const stored = await runSql('SELECT access_token_hash, user_id, guest_email FROM orders WHERE id = ?', [order.id]);
    expect(stored[0]).toMatchObject({ user_id: null, guest_email: email });
    expect(stored[0]?.access_token_hash).not.toBe(order.accessToken);
  });

  it('refuses a guest checkout without an email or a typed address with GUEST_DETAILS_REQUIRED, writing nothing', async () => {
    const product = await fixtureProduct({ stock: 5 });
    const guest = await guestWithCart(product.variantId, 1);
    const pricing = await quotedCheckout(guest.api, TYPED_DESTINATION);
    const attempts = [
      { idempotencyKey: newIdempotencyKey(), shipTo: { address: TYPED_ADDRESS }, ...pricing },
      { idempotencyKey: newIdempotencyKey(), email: uniqueEmail('guest'), ...pricing },
      { idempotencyKey: newIdempotencyKey(), email: uniqueEmail('guest'), shipTo: { addressId: 1 }, ...pricing },
    ];
    for (const attempt of attempts) {
      const error = await trpcError(guest.api.checkout.place.mutate(attempt));
      expect(error.data).toMatchObject({ httpStatus: 400, reason: 'GUEST_DETAILS_REQUIRED' });
    }
    const badAddress = await trpcError(
      guest.api.checkout.place.mutate({
        idempotencyKey: newIdempotencyKey(),
        email: 'not-an-email',
        shipTo: { address: { ...TYPED_ADDRESS, country: 'XX', postalCode: '' } },
        ...pricing,
      }),
    );
    expect(badAddress.data.reason).toBe('INVALID_INPUT');
    expect(badAddress.message).toMatch(/email/i);
    expect(badAddress.message).toMatch(/country must be an ISO 3166-1 alpha-2 code/i);
    expect(badAddress.message).toMatch(/postal code is required/i);
    expect((await guest.api.cart.get.query()).items).toHaveLength(1);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 5, ledger: 5 });
  });

  it('answers a retry with the same order and the same link; keys are unique per cart token, not across guests', async () => {
    const product = await fixtureProduct({ stock: 5 });
    const key = newIdempotencyKey();
    const details = { email: uniqueEmail('guest'), shipTo: { address: TYPED_ADDRESS } };
    const first = await guestWithCart(product.variantId, 1);
    const pricing = await quotedCheckout(first.api, TYPED_DESTINATION);
    const placed = await first.api.checkout.place.mutate({ idempotencyKey: key, ...details, ...pricing });
    const retried = await first.api.checkout.place.mutate({ idempotencyKey: key, ...details, ...pricing });
    expect(retried).toEqual(placed);
    // Another guest using the same key places their own order.
    const second = await guestWithCart(product.variantId, 1);
    const theirs = await second.api.checkout.place.mutate({
      idempotencyKey: key,
      ...details,
      ...(await quotedCheckout(second.api, TYPED_DESTINATION)),
    });
    expect(theirs.id).not.toBe(placed.id);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 3, ledger: 3 });
  });

  it('holds a guest cart token to the pending-order cap, as a customer is', async () => {
    const product = await fixtureProduct({ stock: 10 });
    const guest = await guestWithCart(product.variantId, 1);
    const place = async () => {
      await guest.api.cart.add.mutate({ variantId: product.variantId, quantity: 1 });
      const pricing = await quotedCheckout(guest.api, TYPED_DESTINATION);
      const response = await app.request(
        'http://stockroom.test/trpc/checkout.place',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-cart-token': guest.cartToken },
          body: JSON.stringify({
            idempotencyKey: newIdempotencyKey(),
            email: uniqueEmail('capped'),
            shipTo: { address: TYPED_ADDRESS },
            ...pricing,
          }),
        },
        { ...env, MAX_PENDING_ORDERS: '2' },
      );
      const body = (await response.json()) as { error?: { data: ErrorData } };
      return body.error?.data.reason ?? response.status;
    };
    // The cart already holds one unit; each place adds one more first.
    expect([await place(), await place(), await place()]).toEqual([200, 200, 'TOO_MANY_PENDING_ORDERS']);
    // A new guest (a new cart token) is counted on its own.
    const other = await guestWithCart(product.variantId, 1);
    const theirs = await other.api.checkout.place.mutate({
      idempotencyKey: newIdempotencyKey(),
      email: uniqueEmail('other'),
      shipTo: { address: TYPED_ADDRESS },
      ...(await quotedCheckout(other.api, TYPED_DESTINATION)),
    });
    expect(theirs.status).toBe('pending');
  });
});

describe('a guest order link', () => {
  it('is the only way in: customers, the wrong token and the cart token see nothing; the admin sees it', async () => {
    const product = await fixtureProduct({ stock: 5 });
    const { order, accessToken, cartToken } = await guestOrder(product.variantId);
    const customer = await signUpCustomer();
    const asCustomer = await trpcError(customer.api.orders.get.query({ id: order.id }));
    expect(asCustomer.data.reason).toBe('NOT_FOUND');
    expect((await customer.api.orders.mine.query({ limit: 100 })).items.map((item) => item.id)).not.toContain(order.id);
    for (const token of [UNISSUED_TOKEN, cartToken, `${accessToken.slice(0, -1)}x`, 'short']) {
      const error = await trpcError(client().orders.byLink.query({ token }));
      expect(error.data).toMatchObject({ httpStatus: 404, reason: 'NOT_FOUND' });
      expect(error.message).toBe('No order has this link; check that it was copied whole');
    }
    // The cart token is no bearer token: orders.get wants an account.
    const withCartToken = await trpcError(guestClient(cartToken).orders.get.query({ id: order.id }));
    expect(withCartToken.data.code).toBe('UNAUTHORIZED');
    const admin = await signInAdmin();
    expect(await admin.api.orders.get.query({ id: order.id })).toMatchObject({ customer: { id: null } });
    const listed = await admin.api.orders.list.query({ limit: 100 });
    expect(listed.items.find((item) => item.id === order.id)).toMatchObject({ customer: { id: null } });
  });

  it('lets the guest cancel while pending, in one round trip, with the stock back and a history row without an actor', async () => {
    const product = await fixtureProduct({ stock: 4 });
    const { order, accessToken } = await guestOrder(product.variantId);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 3, ledger: 3 });
    const wrong = await trpcError(client().orders.cancelByLink.mutate({ token: UNISSUED_TOKEN }));
    expect(wrong.data.reason).toBe('NOT_FOUND');
    let cancelled: Awaited<ReturnType<ReturnType<typeof client>['orders']['cancelByLink']['mutate']>> | undefined;
    expect(
      await countRoundTrips(async () => {
        cancelled = await client().orders.cancelByLink.mutate({ token: accessToken });
      }),
    ).toBe(1);
    expect(cancelled?.status).toBe('cancelled');
    expect(cancelled?.history.at(-1)).toMatchObject({ fromStatus: 'pending', toStatus: 'cancelled', actorId: null });
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 4, ledger: 4 });
    const again = await trpcError(client().orders.cancelByLink.mutate({ token: accessToken }));
    expect(again.data.reason).toBe('INVALID_TRANSITION');
    expect(order.id).toBe(cancelled?.id);
  });
});

describe('signing in with a guest cart', () => {
  it('merges it into the account’s cart in one batch: sums, clamps to stock and the line limit, drops what is not for sale, and says so', async () => {
    const [summed, scarce, big, archived] = await Promise.all([
      fixtureProduct({ stock: 50 }),
      fixtureProduct({ stock: 4 }),
      fixtureProduct({ stock: 5_000 }),
      fixtureProduct({ stock: 5 }),
    ]);
    const customer = await signUpCustomer();
    await customer.api.cart.add.mutate({ variantId: summed.variantId, quantity: 2 });
    await customer.api.cart.add.mutate({ variantId: scarce.variantId, quantity: 1 });
    await customer.api.cart.add.mutate({ variantId: big.variantId, quantity: MAX_LINE_QUANTITY - 1 });
    const guest = await guestWithCart(summed.variantId, 3);
    await guest.api.cart.add.mutate({ variantId: scarce.variantId, quantity: 4 });
    await guest.api.cart.add.mutate({ variantId: big.variantId, quantity: 5 });
    await guest.api.cart.add.mutate({ variantId: archived.variantId, quantity: 1 });
    const admin = await signInAdmin();
    await admin.api.catalog.updateProduct.mutate({ id: archived.id, isActive: false });

    let session: Awaited<ReturnType<ReturnType<typeof client>['auth']['signIn']['mutate']>> | undefined;
    const signingIn = client(undefined, { 'x-cart-token': guest.cartToken });
    // Sign-in's own read, then the merge: one batch.
    expect(
      await countRoundTrips(async () => {
        session = await signingIn.auth.signIn.mutate({ email: customer.email, password: customer.password });
      }),
    ).toBe(2);
    expect(session?.user.id).toBe(customer.user.id);
    expect(session?.cartMerge).toEqual({
      merged: 1,
      clamped: [
        { variantId: scarce.variantId, guestQuantity: 4, had: 1, quantity: 4, limitedBy: 'stock' },
        {
          variantId: big.variantId,
          guestQuantity: 5,
          had: MAX_LINE_QUANTITY - 1,
          quantity: MAX_LINE_QUANTITY,
          limitedBy: 'line_limit',
        },
      ],
      dropped: [{ variantId: archived.variantId, guestQuantity: 1, had: 0, quantity: 0, limitedBy: 'unavailable' }],
    });
    const cart = await customer.api.cart.get.query();
    expect(Object.fromEntries(cart.items.map((item) => [item.variantId, item.quantity]))).toEqual({
      [summed.variantId]: 5,
      [scarce.variantId]: 4,
      [big.variantId]: MAX_LINE_QUANTITY,
    });
    // The guest cart is gone: its token now finds nothing.
    const after = await trpcError(guest.api.cart.add.mutate({ variantId: summed.variantId, quantity: 1 }));
    expect(after.data.reason).toBe('CART_NOT_FOUND');
  });

  it('merges on sign-up too, and signs in whatever the cart token is', async () => {
    const product = await fixtureProduct({ stock: 10 });
    const guest = await guestWithCart(product.variantId, 2);
    const email = uniqueEmail('merge-signup');
    const session = await client(undefined, { 'x-cart-token': guest.cartToken }).auth.signUp.mutate({
      email,
      password: 'long-enough-password',
      name: 'New',
    });
    expect(session.cartMerge).toEqual({ merged: 1, clamped: [], dropped: [] });
    expect((await client(session.token).cart.get.query()).items).toMatchObject([
      { variantId: product.variantId, quantity: 2 },
    ]);
    for (const token of [UNISSUED_TOKEN, 'garbage']) {
      const again = await client(undefined, { 'x-cart-token': token }).auth.signIn.mutate({
        email,
        password: 'long-enough-password',
      });
      expect(again.user.email).toBe(email);
    }
  });

  it('never loses or doubles a line when the merge races a checkout of the same guest cart', async () => {
    const rounds = 12;
    const product = await fixtureProduct({ stock: rounds * 3 });
    const outcomes = new Set<string>();
    for (let round = 0; round < rounds; round++) {
      const customer = await signUpCustomer();
      const guest = await guestWithCart(product.variantId, 3);
      // Quoted before the race, which is then the placing against the merge alone.
      const pricing = await quotedCheckout(guest.api, TYPED_DESTINATION);
      const [checkout, signIn] = await Promise.allSettled([
        guest.api.checkout.place.mutate({
          idempotencyKey: newIdempotencyKey(),
          email: uniqueEmail('race'),
          shipTo: { address: TYPED_ADDRESS },
          ...pricing,
        }),
        client(undefined, { 'x-cart-token': guest.cartToken }).auth.signIn.mutate({
          email: customer.email,
          password: customer.password,
        }),
      ]);
      if (signIn.status !== 'fulfilled') throw new Error('sign-in failed');
      const inAccount = (await customer.api.cart.get.query()).items.reduce((sum, item) => sum + item.quantity, 0);
      const ordered = checkout.status === 'fulfilled' ? checkout.value.items[0]?.quantity : 0;
      // The three units are in exactly one place: the guest's order or the account's cart.
      expect({ round, total: inAccount + (ordered ?? 0) }).toEqual({ round, total: 3 });
      expect(inAccount === 0 || ordered === 0).toBe(true);
      if (checkout.status === 'rejected') {
        expect(['CART_EMPTY', 'CART_NOT_FOUND']).toContain((checkout.reason as { data: ErrorData }).data.reason);
      }
      outcomes.add(inAccount === 3 ? 'merged first' : 'checkout first');
    }
    const orderedUnits = await runSql(
      "SELECT coalesce(sum(quantity), 0) AS n FROM order_items i JOIN orders o ON o.id = i.order_id WHERE i.variant_id = ? AND o.status = 'pending'",
      [product.variantId],
    );
    expect(await stockAndLedger(product.variantId)).toEqual({
      stock: rounds * 3 - Number(orderedUnits[0]?.n),
      ledger: rounds * 3 - Number(orderedUnits[0]?.n),
    });
    expect(outcomes.size).toBeGreaterThan(0);
  });
});

describe('the guest cart sweep (Cron Trigger)', () => {
  it('removes guest carts left alone past GUEST_CART_TTL_HOURS with their lines, and nothing else', async () => {
    const product = await fixtureProduct({ stock: 10 });
    const stale = await guestWithCart(product.variantId, 1);
    const fresh = await guestWithCart(product.variantId, 1);
    const customer = await signUpCustomer();
    await customer.api.cart.add.mutate({ variantId: product.variantId, quantity: 1 });
    const old = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-73 hours')";
    await runSql(`UPDATE carts SET updated_at = ${old} WHERE owner_key IN (?, ?)`, [
      await guestCartRow(stale.cartToken),
      `user:${customer.user.id}`,
    ]);
    const controller = createScheduledController({ scheduledTime: Date.now(), cron: '*/10 * * * *' });
    const ctx = createExecutionContext();
    await worker.scheduled(controller, { ...env, GUEST_CART_TTL_HOURS: '72' }, ctx);
    await waitOnExecutionContext(ctx);
    const gone = await trpcError(stale.api.cart.add.mutate({ variantId: product.variantId, quantity: 1 }));
    expect(gone.data.reason).toBe('CART_NOT_FOUND');
    expect(
      await runSql('SELECT id FROM carts WHERE owner_key = ?', [await guestCartRow(stale.cartToken)]),
    ).toHaveLength(0);
    expect((await fresh.api.cart.get.query()).items).toHaveLength(1);
    expect((await customer.api.cart.get.query()).items).toHaveLength(1);
  });
});
