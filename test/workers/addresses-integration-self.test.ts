/**
 * The address book and where orders go: one round trip per write, one
 * default per customer, at most MAX_ADDRESSES (also when adds race), another
 * customer's address NOT_FOUND, per-field messages, and the order's address
 * a snapshot that later edits do not move.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ADDRESSES } from '../../src/shared/limits.ts';
import {
  cartCheckout,
  countRoundTrips,
  FIXTURE_METHOD_ID,
  fixtureProduct,
  newIdempotencyKey,
  quotedCheckout,
  runSql,
  signInAdmin,
  signUpCustomer,
  stockAndLedger,
  TYPED_ADDRESS,
  trpcError,
} from './helpers.ts';

const HOME = { ...TYPED_ADDRESS, name: 'Home', line1: '1 Home Road', city: 'Bergen', postalCode: '5003' };
const WORK = { ...TYPED_ADDRESS, name: 'Work', line1: '9 Office Park', city: 'Trondheim', postalCode: '7010' };

/** A signed-up customer without the fixture default address, so the book starts empty. */
async function customerWithEmptyBook() {
  const customer = await signUpCustomer();
  await runSql('DELETE FROM addresses WHERE user_id = ?', [customer.user.id]);
  return customer;
}

describe('the address book', () => {
  it('adds, edits and removes in one round trip each; the first address becomes the default', async () => {
    const { api } = await customerWithEmptyBook();
    let home: Awaited<ReturnType<typeof api.addresses.add.mutate>> | undefined;
    expect(await countRoundTrips(async () => (home = await api.addresses.add.mutate(HOME)))).toBe(1);
    expect(home).toMatchObject({ ...HOME, isDefault: true });
    const work = await api.addresses.add.mutate(WORK);
    expect(work.isDefault).toBe(false);
    if (!home) throw new Error('no address');
    const homeId = home.id;
    expect(await countRoundTrips(() => api.addresses.update.mutate({ ...HOME, id: homeId, line2: 'Flat 2' }))).toBe(1);
    expect(await countRoundTrips(() => api.addresses.remove.mutate({ id: work.id }))).toBe(1);
    expect(await api.addresses.list.query()).toEqual([expect.objectContaining({ id: homeId, line2: 'Flat 2' })]);
  });

  it('keeps one default: making another the default clears the old one in the same batch', async () => {
    const { api } = await customerWithEmptyBook();
    const home = await api.addresses.add.mutate(HOME);
    const work = await api.addresses.add.mutate({ ...WORK, isDefault: true });
    expect(work.isDefault).toBe(true);
    let list = await api.addresses.list.query();
    expect(list.map((address) => [address.id, address.isDefault])).toEqual([
      [work.id, true],
      [home.id, false],
    ]);
    expect(await countRoundTrips(() => api.addresses.update.mutate({ ...HOME, id: home.id, isDefault: true }))).toBe(1);
    list = await api.addresses.list.query();
    expect(list.filter((address) => address.isDefault).map((address) => address.id)).toEqual([home.id]);
  });

  it('answers another customer’s address with NOT_FOUND and changes nothing, also its default', async () => {
    const owner = await customerWithEmptyBook();
    const other = await customerWithEmptyBook();
    const home = await owner.api.addresses.add.mutate(HOME);
    const theirs = await other.api.addresses.add.mutate(WORK);
    for (const attempt of [
      other.api.addresses.update.mutate({ ...WORK, id: home.id, isDefault: true }),
      other.api.addresses.remove.mutate({ id: home.id }),
    ]) {
      const error = await trpcError(attempt);
      expect(error.data).toMatchObject({ httpStatus: 404, reason: 'NOT_FOUND' });
    }
    expect(await owner.api.addresses.list.query()).toEqual([expect.objectContaining({ ...HOME, isDefault: true })]);
    expect(await other.api.addresses.list.query()).toEqual([
      expect.objectContaining({ id: theirs.id, isDefault: true }),
    ]);
  });

  it(`holds at most ${MAX_ADDRESSES} addresses, also when the last two adds race`, async () => {
    const { api, user } = await customerWithEmptyBook();
    await runSql(
      `INSERT INTO addresses (user_id, name, line1, city, postal_code, country)
       SELECT ?, 'Filler', 'Somewhere 1', 'Berlin', '10115', 'DE' FROM json_each(?)`,
      [user.id, JSON.stringify(Array.from({ length: MAX_ADDRESSES - 1 }, (_, i) => i))],
    );
    const raced = await Promise.allSettled([api.addresses.add.mutate(HOME), api.addresses.add.mutate(WORK)]);
    expect(raced.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = raced.find((result) => result.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason.data).toMatchObject({
      httpStatus: 409,
      reason: 'TOO_MANY_ADDRESSES',
    });
    expect(await api.addresses.list.query()).toHaveLength(MAX_ADDRESSES);
  });

  it('refuses a bad address with a message per field and saves nothing', async () => {
    const { api } = await customerWithEmptyBook();
    const error = await trpcError(
      api.addresses.add.mutate({
        ...HOME,
        name: ' ',
        line1: 'x'.repeat(101),
        city: '',
        postalCode: '75<script>',
        country: 'ZZ',
        phone: 'call me',
      }),
    );
    expect(error.data.httpStatus).toBe(400);
    expect(error.data.issues?.map((issue) => issue.path.join('.')).sort()).toEqual(
      ['city', 'country', 'line1', 'name', 'phone', 'postalCode'].sort(),
    );
    expect(error.message).toMatch(/Name is required/);
    expect(error.message).toMatch(/Address line 1 must be at most 100 characters/);
    expect(await api.addresses.list.query()).toEqual([]);
    // A lowercase country code is read as the code it names.
    expect(await api.addresses.add.mutate({ ...HOME, country: 'fr' })).toMatchObject({ country: 'FR' });
  });
});

describe('where an order goes', () => {
  it('ships to a saved address, copied into the order: later edits and deletes do not move it', async () => {
    const product = await fixtureProduct({ stock: 5 });
    const { api } = await customerWithEmptyBook();
    await api.addresses.add.mutate(HOME);
    const work = await api.addresses.add.mutate(WORK);
    await api.cart.add.mutate({ variantId: product.variantId, quantity: 1 });
    const pricing = await quotedCheckout(api, { addressId: work.id });
    let order: Awaited<ReturnType<typeof api.checkout.place.mutate>> | undefined;
    expect(
      await countRoundTrips(async () => {
        order = await api.checkout.place.mutate({
          idempotencyKey: newIdempotencyKey(),
          shipTo: { addressId: work.id },
          ...pricing,
        });
      }),
    ).toBe(1);
    expect(order?.shipTo).toEqual(WORK);
    await api.addresses.update.mutate({ ...WORK, id: work.id, line1: '1 Moved Street' });
    await api.addresses.remove.mutate({ id: work.id });
    expect((await api.orders.get.query({ id: order?.id as number })).shipTo).toEqual(WORK);
  });

  it('ships to the default address when none is chosen, and to a typed one when given', async () => {
    const product = await fixtureProduct({ stock: 5 });
    const { api } = await customerWithEmptyBook();
    await api.addresses.add.mutate(HOME);
    const byDefault = await api.orders.create.mutate({
      idempotencyKey: newIdempotencyKey(),
      items: [{ variantId: product.variantId, quantity: 1 }],
      shippingMethodId: FIXTURE_METHOD_ID,
    });
    expect(byDefault.shipTo).toEqual(HOME);
    const typed = await api.orders.create.mutate({
      idempotencyKey: newIdempotencyKey(),
      items: [{ variantId: product.variantId, quantity: 1 }],
      shipTo: { address: WORK },
      shippingMethodId: FIXTURE_METHOD_ID,
    });
    expect(typed.shipTo).toEqual(WORK);
  });

  it('refuses with ADDRESS_REQUIRED without a default, and ADDRESS_NOT_FOUND for another customer’s, writing nothing', async () => {
    const product = await fixtureProduct({ stock: 5 });
    const { api } = await customerWithEmptyBook();
    const stranger = await customerWithEmptyBook();
    const theirs = await stranger.api.addresses.add.mutate(HOME);
    await api.cart.add.mutate({ variantId: product.variantId, quantity: 2 });
    // With no address there is nothing to quote; the cart's lines are what the order would come to.
    const pricing = await cartCheckout(api);
    const none = await trpcError(api.checkout.place.mutate({ idempotencyKey: newIdempotencyKey(), ...pricing }));
    expect(none.data).toMatchObject({ httpStatus: 400, reason: 'ADDRESS_REQUIRED' });
    const foreign = await trpcError(
      api.checkout.place.mutate({ idempotencyKey: newIdempotencyKey(), shipTo: { addressId: theirs.id }, ...pricing }),
    );
    expect(foreign.data).toMatchObject({ httpStatus: 404, reason: 'ADDRESS_NOT_FOUND' });
    expect((await api.cart.get.query()).items).toHaveLength(1);
    expect(await stockAndLedger(product.variantId)).toEqual({ stock: 5, ledger: 5 });
    expect((await api.orders.mine.query({ limit: 5 })).items).toEqual([]);
  });

  it('shows the admin where each order goes', async () => {
    const product = await fixtureProduct({ stock: 5 });
    const { api } = await customerWithEmptyBook();
    await api.addresses.add.mutate(HOME);
    const order = await api.orders.create.mutate({
      idempotencyKey: newIdempotencyKey(),
      items: [{ variantId: product.variantId, quantity: 1 }],
      shippingMethodId: FIXTURE_METHOD_ID,
    });
    const admin = await signInAdmin();
    expect((await admin.api.orders.get.query({ id: order.id })).shipTo).toEqual(HOME);
  });
});
