/**
 * Access control, proven as a matrix: every procedure of the router against
 * anonymous, two customers and an admin; ownership (NOT_FOUND, never
 * FORBIDDEN, for another customer's cart and orders); bad tokens; sign-in
 * rate limits; security headers and CORS on /trpc.
 */
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ErrorData } from '../../src/shared/error-data.ts';
import { appRouter } from '../../src/trpc/router.ts';
import {
  FIXTURE_METHOD_ID,
  fixtureProduct,
  guestClient,
  guestOrder,
  guestWithCart,
  newIdempotencyKey,
  quotedCheckout,
  runSql,
  shipAll,
  shipAndDeliver,
  signInAdmin,
  signUpCustomer,
  sqlClient,
  stockAndLedger,
  TEST_AUTH_SECRET,
  TINY_PNG,
  TYPED_ADDRESS,
  uniqueEmail,
  uploaded,
  uploadImage,
  workerRequest,
} from './helpers.ts';

type Role = 'anonymous' | 'customerA' | 'customerB' | 'admin';
/** 'shopper': a customer or a guest (anonymous, with or without a cart token). */
type Access = 'public' | 'shopper' | 'customer' | 'admin';
type Session = Awaited<ReturnType<typeof signUpCustomer>>;
type Reply = {
  status: number;
  headers: Headers;
  body: { result?: { data: unknown }; error?: { message: string; data: ErrorData } };
};

const ROLES: Role[] = ['anonymous', 'customerA', 'customerB', 'admin'];
/** The router's procedures by dotted path, as tRPC keeps them at runtime. */
const PROCEDURES = appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation' } }>;

/** One tRPC call over HTTP, so the status and headers are what a browser would see. */
async function call(path: string, input: unknown, token?: string, headers: Record<string, string> = {}) {
  const kind = PROCEDURES[path]?._def.type;
  if (!kind) throw new Error(`no procedure ${path}`);
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}`, ...headers } : headers;
  const encoded = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response =
    kind === 'query'
      ? await workerRequest(`/trpc/${path}${encoded}`, { headers: auth })
      : await workerRequest(`/trpc/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...auth },
          body: input === undefined ? undefined : JSON.stringify(input),
        });
  return { status: response.status, headers: response.headers, body: await response.json() } as Reply;
}

let a: Session;
let b: Session;
let admin: Awaited<ReturnType<typeof signInAdmin>>;
let product: Awaited<ReturnType<typeof fixtureProduct>>;
/** A product sold in sizes, so the admin's addVariant in the matrix has a new size to add. */
let sized: { id: number };
let categoryId: number;
/** The anonymous role is a guest with a cart: its token goes with every anonymous call. */
let guestCartToken: string;

beforeAll(async () => {
  [a, b, admin, product] = await Promise.all([
    signUpCustomer('Customer A'),
    signUpCustomer('Customer B'),
    signInAdmin(),
    fixtureProduct({ stock: 1_000 }),
  ]);
  sized = await admin.api.catalog.createProduct.mutate({
    categoryId: 1,
    name: 'Matrix sizes',
    options: [{ name: 'Size', values: ['S'] }],
    variants: [{ options: { Size: 'S' }, priceCents: 100 }],
  });
  const db = sqlClient();
  categoryId = Number((await db.execute('SELECT min(id) AS id FROM categories')).rows[0]?.id);
  db.close();
  guestCartToken = (await guestWithCart(product.variantId)).cartToken;
  const zone = await admin.api.shipping.createZone.mutate({ name: 'Matrix zone', countries: ['KE'] });
  matrixZoneId = zone.id;
  matrixMethodId = (
    await admin.api.shipping.createMethod.mutate({ zoneId: zone.id, name: 'Matrix post', priceCents: 0 })
  ).id;
  matrixCodeId = (await admin.api.discounts.create.mutate({ code: `MATRIX${Date.now()}`, kind: 'percent', value: 5 }))
    .id;
});

let matrixZoneId: number;
let matrixMethodId: number;
let matrixCodeId: number;

/** A fresh order of customer A, paid (recorded by the admin): for payment and delivery calls. */
async function paidOrder(): Promise<{ id: number; totalCents: number }> {
  const order = await a.api.orders.create.mutate({
    items: [{ variantId: product.variantId, quantity: 1 }],
    idempotencyKey: newIdempotencyKey(),
    shippingMethodId: FIXTURE_METHOD_ID,
  });
  await admin.api.payments.record.mutate({ orderId: order.id, amountCents: order.totalCents, reference: 'matrix' });
  return order;
}

/** A shipment on its way: a paid order shipped whole. */
async function openShipment(): Promise<number> {
  const shipped = await shipAll(admin.api, (await paidOrder()).id);
  return shipped.shipments[0]?.id as number;
}

/** A paid order of two units, one shipped: a remainder to cancel. */
async function partlyShippedOrder(): Promise<number> {
  const order = await a.api.orders.create.mutate({
    items: [{ variantId: product.variantId, quantity: 2 }],
    idempotencyKey: newIdempotencyKey(),
    shippingMethodId: FIXTURE_METHOD_ID,
  });
  await admin.api.payments.record.mutate({ orderId: order.id, amountCents: order.totalCents, reference: 'matrix' });
  await admin.api.shipments.create.mutate({
    orderId: order.id,
    carrier: 'matrix',
    trackingNumber: 'M-2',
    items: [{ variantId: product.variantId, quantity: 1 }],
  });
  return order.id;
}

/** A paid, delivered order of the role's own (customer A's for anonymous): a return asks for one's own. */
async function deliveredOrderOf(role: Role): Promise<number> {
  const owner = role === 'customerB' ? b : role === 'admin' ? admin : a;
  const order = await owner.api.orders.create.mutate({
    items: [{ variantId: product.variantId, quantity: 1 }],
    idempotencyKey: newIdempotencyKey(),
    shippingMethodId: FIXTURE_METHOD_ID,
    shipTo: { address: TYPED_ADDRESS },
  });
  await admin.api.payments.record.mutate({ orderId: order.id, amountCents: order.totalCents, reference: 'matrix' });
  await shipAndDeliver(admin.api, order.id);
  return order.id;
}

/** Customer A's return of a delivered unit, requested (and approved, when asked). */
async function requestedReturn(approved = false): Promise<number> {
  const orderId = await deliveredOrderOf('customerA');
  const requested = await a.api.returns.request.mutate({
    orderId,
    reason: 'matrix',
    items: [{ variantId: product.variantId, quantity: 1 }],
  });
  const returnId = requested.returns[0]?.id as number;
  if (approved) await admin.api.returns.approve.mutate({ returnId });
  return returnId;
}

/** A pending refund: a paid order cancelled by the admin. */
async function pendingRefund(): Promise<number> {
  const order = await paidOrder();
  const cancelled = await admin.api.orders.cancel.mutate({ id: order.id });
  return cancelled.payment?.refunds[0]?.id as number;
}

function tokenOf(role: Role): string | undefined {
  return { anonymous: undefined, customerA: a.token, customerB: b.token, admin: admin.token }[role];
}

/** A typed client of the role: the guest with the cart for anonymous. */
function apiOf(role: Role) {
  return role === 'anonymous' ? guestClient(guestCartToken) : { customerA: a, customerB: b, admin }[role].api;
}

/** Every role quotes and checks out to the typed address, in a fixture country (the admin has no default address). */
const TYPED_DESTINATION = { country: TYPED_ADDRESS.country };

/** A line in the role's cart, whatever the matrix ran before: a quote and a checkout need one. */
async function fillCart(role: Role) {
  await apiOf(role).cart.add.mutate({ variantId: product.variantId, quantity: 1 });
}

/**
 * The guest's cart token on anonymous calls; customers and the admin send
 * their bearer token only. Not on sign-in or sign-up: those would merge the
 * guest's cart into the account and end it.
 */
function headersOf(role: Role, path: string): Record<string, string> {
  return role === 'anonymous' && !path.startsWith('auth.') ? { 'x-cart-token': guestCartToken } : {};
}

/** A fresh guest order's link token. */
async function orderLink(): Promise<string> {
  return (await guestOrder(product.variantId)).accessToken;
}

/** A fresh pending order of the caller (customer A's for anonymous and admin), placed through the API. */
async function pendingOrderOf(role: Role): Promise<number> {
  const owner = role === 'customerB' ? b : a;
  const order = await owner.api.orders.create.mutate({
    items: [{ variantId: product.variantId, quantity: 1 }],
    idempotencyKey: newIdempotencyKey(),
    shippingMethodId: FIXTURE_METHOD_ID,
  });
  return order.id;
}

/**
 * A fresh image of the product, the only one it has: the last one's image is
 * deleted, so a reorder of `[this]` names all its images.
 */
async function imageOf(productId: number) {
  const image = uploaded(await uploadImage(productId, TINY_PNG, admin.token));
  const rows = await runSql('SELECT id FROM product_images WHERE product_id = ? AND id <> ?', [productId, image.id]);
  for (const row of rows) await admin.api.catalog.deleteImage.mutate({ id: Number(row.id) });
  return image;
}

/** Every procedure with who may call it and a valid input for a caller who may. */
const MATRIX: Record<string, { access: Access; input: (role: Role) => unknown }> = {
  'auth.signUp': {
    access: 'public',
    input: () => ({ email: uniqueEmail('matrix'), password: 'matrix-password', name: 'Matrix' }),
  },
  'auth.signIn': { access: 'public', input: () => ({ email: a.email, password: a.password }) },
  'auth.me': { access: 'customer', input: () => undefined },
  'catalog.categories': { access: 'public', input: () => undefined },
  'catalog.products': { access: 'public', input: () => ({ limit: 5 }) },
  'catalog.product': { access: 'public', input: () => ({ id: product.id }) },
  'catalog.createCategory': {
    access: 'admin',
    input: () => ({ name: 'Matrix', slug: `matrix-${crypto.randomUUID().slice(0, 8)}` }),
  },
  'catalog.createProduct': { access: 'admin', input: () => ({ categoryId, name: 'Matrix product', priceCents: 100 }) },
  'catalog.updateProduct': { access: 'admin', input: () => ({ id: product.id, description: 'Checked by the matrix' }) },
  'catalog.addVariant': {
    access: 'admin',
    input: () => ({ productId: sized.id, options: { Size: crypto.randomUUID().slice(0, 8) }, priceCents: 1 }),
  },
  'catalog.updateVariant': { access: 'admin', input: () => ({ id: product.variantId, priceCents: 1000 }) },
  'catalog.deleteImage': { access: 'admin', input: async () => ({ id: (await imageOf(product.id)).id }) },
  'catalog.reorderImages': {
    access: 'admin',
    input: async () => ({ productId: sized.id, imageIds: [(await imageOf(sized.id)).id] }),
  },
  'cart.get': { access: 'shopper', input: () => undefined },
  'cart.add': { access: 'shopper', input: () => ({ variantId: product.variantId, quantity: 1 }) },
  'cart.setQuantity': { access: 'shopper', input: () => ({ variantId: product.variantId, quantity: 2 }) },
  'checkout.quote': {
    access: 'shopper',
    input: async (role) => {
      await fillCart(role);
      return { destination: TYPED_DESTINATION, shippingMethodId: FIXTURE_METHOD_ID };
    },
  },
  'checkout.place': {
    access: 'shopper',
    input: async (role) => {
      await fillCart(role);
      return {
        idempotencyKey: newIdempotencyKey(),
        email: role === 'anonymous' ? uniqueEmail('matrix-guest') : undefined,
        shipTo: { address: TYPED_ADDRESS },
        ...(await quotedCheckout(apiOf(role), TYPED_DESTINATION)),
      };
    },
  },
  'cart.remove': { access: 'shopper', input: () => ({ variantId: product.variantId }) },
  'cart.clear': { access: 'shopper', input: () => undefined },
  'addresses.list': { access: 'customer', input: () => undefined },
  'addresses.add': { access: 'customer', input: () => TYPED_ADDRESS },
  'addresses.update': {
    access: 'customer',
    input: async (role) => ({ ...TYPED_ADDRESS, id: await addressOf(role), city: 'Bergen' }),
  },
  'addresses.remove': { access: 'customer', input: async (role) => ({ id: await addressOf(role) }) },
  'inventory.restock': { access: 'admin', input: () => ({ variantId: product.variantId, quantity: 5 }) },
  'inventory.adjust': { access: 'admin', input: () => ({ variantId: product.variantId, delta: -1, reason: 'matrix' }) },
  'inventory.movements': { access: 'admin', input: () => ({ variantId: product.variantId, limit: 5 }) },
  'inventory.reconcile': { access: 'admin', input: () => undefined },
  'inventory.levels': { access: 'admin', input: () => ({ productId: product.id }) },
  'reports.summary': { access: 'admin', input: () => undefined },
  'orders.create': {
    access: 'customer',
    input: () => ({
      items: [{ variantId: product.variantId, quantity: 1 }],
      idempotencyKey: newIdempotencyKey(),
      shipTo: { address: TYPED_ADDRESS },
      shippingMethodId: FIXTURE_METHOD_ID,
    }),
  },
  'orders.byLink': { access: 'public', input: async () => ({ token: await orderLink() }) },
  'orders.cancelByLink': { access: 'public', input: async () => ({ token: await orderLink() }) },
  'orders.get': { access: 'customer', input: async (role) => ({ id: await pendingOrderOf(role) }) },
  'orders.mine': { access: 'customer', input: () => ({ limit: 5 }) },
  'orders.list': { access: 'admin', input: () => ({ limit: 5 }) },
  'orders.updateStatus': {
    access: 'admin',
    input: async (role) => ({ id: await pendingOrderOf(role), status: 'confirmed' }),
  },
  'shipments.create': {
    access: 'admin',
    input: async () => ({
      orderId: (await paidOrder()).id,
      carrier: 'matrix',
      trackingNumber: 'M-1',
      items: [{ variantId: product.variantId, quantity: 1 }],
    }),
  },
  'shipments.markDelivered': { access: 'admin', input: async () => ({ shipmentId: await openShipment() }) },
  'shipments.cancelRemainder': { access: 'admin', input: async () => ({ orderId: await partlyShippedOrder() }) },
  'returns.request': {
    access: 'customer',
    input: async (role) => ({
      orderId: await deliveredOrderOf(role),
      reason: 'matrix',
      items: [{ variantId: product.variantId, quantity: 1 }],
    }),
  },
  'returns.approve': { access: 'admin', input: async () => ({ returnId: await requestedReturn() }) },
  'returns.reject': { access: 'admin', input: async () => ({ returnId: await requestedReturn() }) },
  'returns.receive': {
    access: 'admin',
    input: async () => ({
      returnId: await requestedReturn(true),
      items: [{ variantId: product.variantId, restock: true }],
    }),
  },
  'payments.record': {
    access: 'admin',
    input: async () => {
      const order = await a.api.orders.create.mutate({
        items: [{ variantId: product.variantId, quantity: 1 }],
        idempotencyKey: newIdempotencyKey(),
        shippingMethodId: FIXTURE_METHOD_ID,
      });
      return { orderId: order.id, amountCents: order.totalCents, reference: 'matrix' };
    },
  },
  'payments.refund': {
    access: 'admin',
    input: async () => ({ orderId: (await paidOrder()).id, amountCents: 1, reason: 'matrix' }),
  },
  'payments.completeRefund': {
    access: 'admin',
    input: async () => ({ refundId: await pendingRefund(), reference: 'matrix' }),
  },
  'store.settings': { access: 'public', input: () => undefined },
  // A guest's card order, named by its link's token: the token is the key, whoever sends it.
  'payments.cardSession': {
    access: 'public',
    input: async () => ({ token: (await guestOrder(product.variantId, undefined, 'card')).accessToken }),
  },
  'payments.confirmReturn': {
    access: 'public',
    input: async () => {
      const { order } = await guestOrder(product.variantId, undefined, 'card');
      return {
        sessionId: (await runSql('SELECT session_id FROM payments WHERE order_id = ?', [order.id]))[0]?.session_id,
      };
    },
  },
  'shipping.methods': { access: 'public', input: () => ({ country: 'NO' }) },
  'shipping.zones': { access: 'admin', input: () => undefined },
  'shipping.createZone': { access: 'admin', input: () => ({ name: 'Matrix new zone', countries: ['UG'] }) },
  'shipping.updateZone': {
    access: 'admin',
    input: () => ({ id: matrixZoneId, name: 'Matrix zone', countries: ['KE'] }),
  },
  'shipping.createMethod': {
    access: 'admin',
    input: () => ({ zoneId: matrixZoneId, name: 'Matrix courier', priceCents: 500 }),
  },
  'shipping.updateMethod': { access: 'admin', input: () => ({ id: matrixMethodId, priceCents: 100 }) },
  'taxes.rates': { access: 'admin', input: () => undefined },
  'taxes.setRate': { access: 'admin', input: () => ({ country: 'KE', name: 'VAT', rateBps: 1_600 }) },
  'taxes.removeRate': {
    access: 'admin',
    input: async () => ({
      id: (await admin.api.taxes.setRate.mutate({ country: 'TZ', name: 'VAT', rateBps: 1_800 })).id,
    }),
  },
  'discounts.list': { access: 'admin', input: () => undefined },
  'discounts.create': {
    access: 'admin',
    input: () => ({ code: `M${crypto.randomUUID().slice(0, 8)}`, kind: 'fixed', value: 100 }),
  },
  'discounts.update': { access: 'admin', input: () => ({ id: matrixCodeId, isActive: false }) },
  'orders.cancel': { access: 'customer', input: async (role) => ({ id: await pendingOrderOf(role) }) },
};

/** A fresh saved address of the caller (customer A's for anonymous), for the calls that name one. */
async function addressOf(role: Role): Promise<number> {
  const owner = role === 'customerB' ? b : role === 'admin' ? admin : a;
  return (await owner.api.addresses.add.mutate(TYPED_ADDRESS)).id;
}

/** What each role gets: 200 when allowed, else who is refused and how. */
function expected(access: Access, role: Role): { status: number; code?: string; reason?: string } {
  if (access === 'public' || access === 'shopper') return { status: 200 };
  if (role === 'anonymous') return { status: 401, code: 'UNAUTHORIZED', reason: 'TOKEN_INVALID' };
  if (access === 'admin' && role !== 'admin') return { status: 403, code: 'FORBIDDEN', reason: 'ADMIN_REQUIRED' };
  return { status: 200 };
}

describe('the access matrix', () => {
  it('covers every procedure of the router', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(PROCEDURES).sort());
  });

  it.each(Object.entries(MATRIX))('%s answers each role as its access level says', async (path, { access, input }) => {
    for (const role of ROLES) {
      const reply = await call(path, await input(role), tokenOf(role), headersOf(role, path));
      const want = expected(access, role);
      const error = reply.body.error?.data;
      expect({ role, status: reply.status, code: error?.code, reason: error?.reason }).toEqual({
        role,
        status: want.status,
        code: want.code,
        reason: want.reason,
      });
    }
  });

  it('changes nothing when a customer or anonymous calls an admin write', async () => {
    const target = await fixtureProduct({ stock: 7 });
    const order = await pendingOrderOf('customerA');
    for (const role of ['anonymous', 'customerA', 'customerB'] as const) {
      await call('inventory.restock', { variantId: target.variantId, quantity: 100 }, tokenOf(role));
      await call('inventory.adjust', { variantId: target.variantId, delta: -7, reason: 'theft' }, tokenOf(role));
      await call('catalog.updateProduct', { id: target.id, isActive: false, priceCents: 1 }, tokenOf(role));
      await call('orders.updateStatus', { id: order, status: 'processing' }, tokenOf(role));
    }
    expect(await stockAndLedger(target.variantId)).toEqual({ stock: 7, ledger: 7 });
    const viewed = await call('catalog.product', { id: target.id });
    expect(viewed.body.result?.data).toMatchObject({ priceCents: target.priceCents });
    expect((await a.api.orders.get.query({ id: order })).status).toBe('pending');
  });
});

describe('ownership', () => {
  it("answers customer B's read and cancel of A's order with NOT_FOUND, exactly like a missing id", async () => {
    const order = await pendingOrderOf('customerA');
    const missing = 2_000_000_000;
    for (const path of ['orders.get', 'orders.cancel']) {
      const probe = await call(path, { id: order }, b.token);
      const absent = await call(path, { id: missing }, b.token);
      expect(probe.status).toBe(404);
      expect(probe.body.error?.data).toMatchObject({ code: 'NOT_FOUND', reason: 'NOT_FOUND' });
      expect(probe.body.error?.message.replace(String(order), '#')).toBe(
        absent.body.error?.message.replace(String(missing), '#'),
      );
      expect({ ...probe.body.error?.data, path: undefined }).toEqual({ ...absent.body.error?.data, path: undefined });
    }
    expect((await a.api.orders.get.query({ id: order })).status).toBe('pending');
    const mine = await b.api.orders.mine.query({ limit: 100 });
    expect(mine.items.map((item) => item.id)).not.toContain(order);
  });

  it("keeps carts apart: B never sees, removes or checks out A's lines", async () => {
    const own = await fixtureProduct({ stock: 10 });
    const customerA = await signUpCustomer('Cart A');
    const customerB = await signUpCustomer('Cart B');
    await customerA.api.cart.add.mutate({ variantId: own.variantId, quantity: 3 });
    expect((await customerB.api.cart.get.query()).items).toEqual([]);
    expect(await customerB.api.cart.remove.mutate({ variantId: own.variantId })).toEqual({ removed: 0 });
    expect(await customerB.api.cart.clear.mutate()).toEqual({ removed: 0 });
    await customerB.api.cart.setQuantity.mutate({ variantId: own.variantId, quantity: 0 });
    const checkout = await call(
      'checkout.place',
      { idempotencyKey: newIdempotencyKey(), shippingMethodId: FIXTURE_METHOD_ID, expectedTotalCents: 0 },
      customerB.token,
    );
    expect(checkout.body.error?.data.reason).toBe('CART_EMPTY');
    expect((await customerA.api.cart.get.query()).items).toMatchObject([{ variantId: own.variantId, quantity: 3 }]);
    expect(await stockAndLedger(own.variantId)).toEqual({ stock: 10, ledger: 10 });
  });
});

describe('tokens', () => {
  it('refuses tampered, expired, alg none, foreign-secret and garbage tokens with 401 on customer and admin procedures', async () => {
    const [header, payload, signature] = a.token.split('.') as [string, string, string];
    const decoded = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    const base64url = (value: unknown) =>
      btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const sign = (secret: string, expiresAt: number) =>
      new SignJWT({ email: decoded.email, name: decoded.name, role: 'admin' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(decoded.sub)
        .setIssuer('stockroom')
        .setIssuedAt(expiresAt - 3600)
        .setExpirationTime(expiresAt)
        .sign(new TextEncoder().encode(secret));
    const now = Math.floor(Date.now() / 1000);
    const bad = {
      tampered: `${header}.${base64url({ ...decoded, role: 'admin' })}.${signature}`,
      expired: await sign(TEST_AUTH_SECRET, now - 60),
      algNone: `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...decoded, role: 'admin' })}.`,
      foreignSecret: await sign('some-other-secret-0123456789', now + 3600),
      garbage: 'not.a.token',
    };
    for (const [kind, token] of Object.entries(bad)) {
      for (const path of ['auth.me', 'orders.mine', 'inventory.reconcile', 'orders.list']) {
        const reply = await call(path, undefined, token);
        expect({ kind, path, status: reply.status, reason: reply.body.error?.data.reason }).toEqual({
          kind,
          path,
          status: 401,
          reason: 'TOKEN_INVALID',
        });
      }
    }
  });
});

/**
 * The rate limiter counts in windows aligned to the wall clock. A run that
 * straddles a window boundary is repeated with fresh keys, so the outcome
 * never depends on when the test starts.
 */
const WINDOW_MS = 60_000;
async function inOneWindow<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const window = Math.floor(Date.now() / WINDOW_MS);
    const result = await run();
    if (Math.floor(Date.now() / WINDOW_MS) === window || attempt === 2) return result;
  }
}

/** A fresh client address: a random IPv6 /64, since the limit counts per /64. */
const randomIp = () => `2001:db8:${crypto.randomUUID().slice(0, 4)}:${crypto.randomUUID().slice(0, 4)}::1`;
const IP_LIMIT = 30;
const EMAIL_LIMIT = 10;

describe('sign-in rate limits', () => {
  it(`refuses sign-in attempt ${IP_LIMIT + 1} from one IP with 429 RATE_LIMITED, sign-up included, and not other IPs`, async () => {
    const outcome = await inOneWindow(async () => {
      const ip = randomIp();
      const statuses: number[] = [];
      for (let i = 0; i < IP_LIMIT; i++) {
        const reply = await call('auth.signIn', { email: uniqueEmail('ip'), password: 'wrong-password' }, undefined, {
          'cf-connecting-ip': ip,
        });
        statuses.push(reply.status);
      }
      const headers = { 'cf-connecting-ip': ip };
      const refused = await call('auth.signIn', { email: a.email, password: a.password }, undefined, headers);
      const signUp = await call(
        'auth.signUp',
        { email: uniqueEmail('ip'), password: 'long-enough', name: 'Late' },
        undefined,
        headers,
      );
      const elsewhere = await call('auth.signIn', { email: a.email, password: a.password }, undefined, {
        'cf-connecting-ip': randomIp(),
      });
      return { statuses, refused, signUp, elsewhere };
    });
    expect(outcome.statuses).toEqual(Array(IP_LIMIT).fill(401));
    for (const reply of [outcome.refused, outcome.signUp]) {
      expect(reply.status).toBe(429);
      expect(reply.body.error?.data).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'RATE_LIMITED' });
      expect(reply.body.error?.message).toMatch(/too many sign-in attempts.*try again/i);
    }
    expect(outcome.elsewhere.status).toBe(200);
  });

  it(`refuses sign-in attempt ${EMAIL_LIMIT + 1} to one account from many IPs, even with the right password`, async () => {
    const outcome = await inOneWindow(async () => {
      // A fresh account per try: a repeated try must not find its account's window already used up.
      const victim = await signUpCustomer('Victim');
      const statuses: number[] = [];
      for (let i = 0; i < EMAIL_LIMIT; i++) {
        const reply = await call(
          'auth.signIn',
          { email: victim.email.toUpperCase(), password: `guess-${i}` },
          undefined,
          { 'cf-connecting-ip': randomIp() },
        );
        statuses.push(reply.status);
      }
      const ip = randomIp();
      const right = await call('auth.signIn', { email: victim.email, password: victim.password }, undefined, {
        'cf-connecting-ip': ip,
      });
      const other = await call('auth.signIn', { email: b.email, password: b.password }, undefined, {
        'cf-connecting-ip': ip,
      });
      return { statuses, right, other };
    });
    expect(outcome.statuses).toEqual(Array(EMAIL_LIMIT).fill(401));
    expect(outcome.right.status).toBe(429);
    expect(outcome.right.body.error?.data.reason).toBe('RATE_LIMITED');
    expect(outcome.other.status).toBe(200);
  });
});

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

describe('headers', () => {
  it('puts the security headers on /trpc answers, successes and errors alike', async () => {
    const replies = [
      await call('catalog.categories', undefined),
      await call('auth.me', undefined),
      await call('inventory.reconcile', undefined, a.token),
      await call('orders.get', { id: -1 }, a.token),
    ];
    expect(replies.map((reply) => reply.status)).toEqual([200, 401, 403, 400]);
    for (const reply of replies) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(reply.headers.get(name)).toBe(value);
      expect(reply.headers.get('x-request-id')).toBeTruthy();
    }
  });

  it('allows CORS only for the configured origin', async () => {
    const preflight = (origin: string) =>
      workerRequest('/trpc/orders.mine', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    const allowed = await preflight('https://shop.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    for (const origin of ['https://evil.example', 'https://shop.example.evil.com', 'null']) {
      const refused = await preflight(origin);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      const simple = await workerRequest('/trpc/catalog.categories', { headers: { origin } });
      expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    }
    const simple = await workerRequest('/trpc/catalog.categories', { headers: { origin: 'https://shop.example' } });
    expect(simple.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });
});
