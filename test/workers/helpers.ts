/**
 * Helpers for Worker tests: typed clients that call the Worker under test
 * through `SELF`, fresh accounts, and the local libSQL server's counters.
 */
import { SELF } from 'cloudflare:test';
import { createClient } from '@libsql/client/web';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql/web';
import { inject } from 'vitest';
import { createStoreClient, type StoreClient } from '../../client/src/store-client.ts';
import { defaultAddressStatement } from '../../local-stack/fixture-address.ts';
import * as schema from '../../src/db/schema.ts';
import { newestVariantId, newProductStatements } from '../../src/db/stock.ts';
import { signToken } from '../../src/modules/auth/token.ts';
import type { ErrorData } from '../../src/shared/error-data.ts';
import type { UploadAnswer } from '../../src/shared/images.ts';

const workerFetch: typeof fetch = (input, init) => SELF.fetch(input as RequestInfo, init);

/**
 * A client of the Worker under test. Each has its own client address (as
 * Cloudflare's edge would set it), so the sign-in rate limit per address,
 * which pools requests without one, counts each test client apart.
 */
export function client(token?: string, headers?: Record<string, string>) {
  const address = { 'cf-connecting-ip': testClientAddress() };
  return createStoreClient({
    url: 'http://stockroom.test/trpc',
    token,
    batch: false,
    fetch: workerFetch,
    headers: { ...address, ...headers },
  });
}

/** A guest: no account, their cart named by the token the first cart write issued. */
export function guestClient(cartToken: string) {
  return createStoreClient({
    url: 'http://stockroom.test/trpc',
    cartToken,
    batch: false,
    fetch: workerFetch,
    headers: { 'cf-connecting-ip': testClientAddress() },
  });
}

/** Where test orders typed in at checkout go: a fixture country, so the fixture method ships there. */
export const TYPED_ADDRESS = {
  name: 'Gale Guest',
  line1: '5 Karl Johans gate',
  line2: '',
  city: 'Oslo',
  region: '',
  postalCode: '0154',
  country: 'NO',
  phone: '',
};

/**
 * The fixture shipping method (global-setup.ts): free and untaxed, to the
 * fixture address (customers' default, IS) and to TYPED_ADDRESS (NO), so a
 * test order totals exactly its lines.
 */
export const FIXTURE_METHOD_ID = inject('fixtureShippingMethodId');

/** Where a quote prices the cart to; absent: the customer's default address. */
type QuoteDestination = { addressId: number } | { country: string };

/**
 * What checkout.place takes besides the key and the address: the fixture
 * method and the total checkout.quote answers for the cart as it is now, as
 * a shop shows it before the shopper places the order.
 */
export async function quotedCheckout(api: StoreClient, destination?: QuoteDestination) {
  const quote = await api.checkout.quote.query({ shippingMethodId: FIXTURE_METHOD_ID, destination });
  if (quote.totalCents === null) throw new Error(`the fixture method does not serve ${quote.country}`);
  return { shippingMethodId: FIXTURE_METHOD_ID, expectedTotalCents: quote.totalCents };
}

/**
 * The same for a cart a quote would refuse (empty, short of stock, not for
 * sale), whose checkout a test expects refused: the total of its lines,
 * which is what the fixture method makes it.
 */
export async function cartCheckout(api: StoreClient) {
  return { shippingMethodId: FIXTURE_METHOD_ID, expectedTotalCents: (await api.cart.get.query()).totalCents };
}

/** A guest with `quantity` of the variant in a new cart: its token and a client that sends it. */
export async function guestWithCart(variantId: number, quantity = 1) {
  const started = await client().cart.add.mutate({ variantId, quantity });
  if (!('cartToken' in started)) throw new Error('the first guest cart.add issued no cart token');
  return { cartToken: started.cartToken, api: guestClient(started.cartToken) };
}

/** A guest's placed order (one unit of the variant, by bank transfer unless said) and the access token of its link. */
export async function guestOrder(
  variantId: number,
  email = uniqueEmail('guest'),
  paymentMethod: 'bank_transfer' | 'card' = 'bank_transfer',
) {
  const guest = await guestWithCart(variantId);
  const order = await guest.api.checkout.place.mutate({
    idempotencyKey: newIdempotencyKey(),
    email,
    shipTo: { address: TYPED_ADDRESS },
    paymentMethod,
    ...(await quotedCheckout(guest.api, { country: TYPED_ADDRESS.country })),
  });
  if (!('accessToken' in order)) throw new Error('a guest order came without its access token');
  return { ...guest, order, accessToken: order.accessToken, email };
}

/** A random address in 198.18.0.0/15, the range set aside for tests (RFC 2544); only ever a header value. */
export function testClientAddress(): string {
  const [a = 0, b = 0, c = 0] = crypto.getRandomValues(new Uint8Array(3));
  return `198.${18 + (a % 2)}.${b}.${c}`;
}

/** A fresh idempotency key, one per attempt, as a client would make it. */
export function newIdempotencyKey(): string {
  return `key-${crypto.randomUUID()}`;
}

let counter = 0;
/** A unique email, so every test builds its own data and needs no order between tests. */
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/**
 * A customer made through sign-up, with the fixture address as their default
 * (written directly, so a checkout without an address ships there).
 */
export async function signUpCustomer(name = 'Test Customer') {
  const email = uniqueEmail();
  const password = 'correct horse battery';
  const session = await client().auth.signUp.mutate({ email, password, name });
  const address = defaultAddressStatement(email);
  await runSql(address.sql, address.args);
  return { ...session, email, password, api: client(session.token) };
}

/**
 * The seeded admin with a freshly signed token, as auth.signIn would return it.
 * The token is signed here rather than by signing in, because sign-in is rate
 * limited per account (10 a minute) and many tests need the admin; the
 * sign-in itself is tested in auth-integration-self.test.ts.
 */
export async function signInAdmin() {
  const db = sqlClient();
  const { rows } = await db.execute({
    sql: "SELECT id, email, name FROM users WHERE email = ? AND role = 'admin'",
    args: [inject('adminEmail')],
  });
  db.close();
  const row = rows[0];
  if (!row) throw new Error('the seeded admin is missing');
  const user = { id: Number(row.id), email: String(row.email), name: String(row.name), role: 'admin' as const };
  const token = await signToken(user, TEST_AUTH_SECRET, 3600);
  return { token, user, api: client(token) };
}

export type DbStats = { requests: number; pipelineRequests: number; statements: number };

export async function dbStats(): Promise<DbStats> {
  const response = await fetch(`${inject('dbUrl')}/stats`, {
    headers: { authorization: `Bearer ${inject('dbAuthToken')}` },
  });
  return (await response.json()) as DbStats;
}

/**
 * How many HTTP requests the database received while `action` ran: every one,
 * not only pipelines, so a version probe, a cursor or a health check made on
 * the way counts as the round trip it costs.
 */
export async function countRoundTrips(action: () => Promise<unknown>): Promise<number> {
  const before = await dbStats();
  await action();
  const after = await dbStats();
  return after.requests - before.requests;
}

export function workerRequest(path: string, init?: RequestInit) {
  return SELF.fetch(`http://stockroom.test${path}`, init);
}

/** Direct SQL against the real test database, for fixtures and for assertions the API does not expose. */
export function sqlClient() {
  return createClient({ url: inject('dbUrl'), authToken: inject('dbAuthToken') });
}

/**
 * Runs one statement straight against the test database and answers its rows:
 * reads of what no public route shows (audit, ledger), and the few writes a
 * test makes behind the API's back on purpose.
 */
export async function runSql(sql: string, args: Array<string | number> = []) {
  const db = sqlClient();
  try {
    return (await db.execute({ sql, args })).rows;
  } finally {
    db.close();
  }
}

let productCounter = 0;
/**
 * A fresh product in the seeded catalog's first category, sold in one variant
 * whose initial stock is recorded as an `initial` movement, by the same
 * helper catalog.createProduct uses. Carts, orders and stock take `variantId`.
 */
export async function fixtureProduct(options: { stock: number; priceCents?: number; isActive?: boolean }) {
  productCounter += 1;
  const client = sqlClient();
  const db = drizzle(client, { schema });
  const name = `Fixture ${Date.now().toString(36)}-${productCounter}`;
  const priceCents = options.priceCents ?? 1000;
  const { insert, variants } = newProductStatements(db, {
    categoryId: sql<number>`(SELECT min(${schema.categories.id}) FROM ${schema.categories})`,
    name,
    description: 'fixture',
    isActive: options.isActive ?? true,
    optionNames: [],
    variants: [{ options: {}, priceCents, stock: options.stock }],
  });
  const [[product], ...rest] = await db.batch([
    insert.returning({ id: schema.products.id }),
    ...variants,
    db.select({ id: schema.variants.id }).from(schema.variants).where(sql`${schema.variants.id} = ${newestVariantId}`),
  ]);
  client.close();
  const [variant] = rest[rest.length - 1] as Array<{ id: number }>;
  return { id: product?.id as number, variantId: variant?.id as number, name, priceCents };
}

/** A variant's stock and the sum of its ledger, read straight from the database. */
export async function stockAndLedger(variantId: number) {
  const db = sqlClient();
  const result = await db.execute({
    sql: `SELECT v.stock AS stock, (SELECT coalesce(sum(quantity_change), 0) FROM inventory_movements WHERE variant_id = v.id) AS ledger
          FROM variants v WHERE v.id = ?`,
    args: [variantId],
  });
  db.close();
  return { stock: Number(result.rows[0]?.stock), ledger: Number(result.rows[0]?.ledger) };
}

/** The error a tRPC call failed with, or a thrown assertion when it did not fail. */
export async function trpcError(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as { message: string; data: ErrorData };
  }
  throw new Error('expected the call to fail');
}

/** The AUTH_SECRET that vitest.config.ts binds for the Worker under test. */
export const TEST_AUTH_SECRET = 'workers-test-secret-0123456789-abcdefghij';

/**
 * Many customers at once, for contention tests: rows written in one batch and
 * tokens signed with the test secret, so 200 customers do not cost 200 PBKDF2 runs.
 */
export async function fixtureCustomers(count: number) {
  const tag = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const emails = Array.from({ length: count }, (_, i) => `bulk-${tag}-${i}@example.com`);
  const db = sqlClient();
  await db.batch(
    [
      ...emails.map((email) => ({
        sql: "INSERT INTO users (email, name, password_hash, role) VALUES (?, 'Bulk', 'unusable', 'customer')",
        args: [email],
      })),
      defaultAddressStatement(`bulk-${tag}-%`),
    ],
    'write',
  );
  const rows = await db.execute({
    sql: `SELECT id, email FROM users WHERE email LIKE ? ORDER BY id`,
    args: [`bulk-${tag}-%`],
  });
  db.close();
  return Promise.all(
    rows.rows.map(async (row) => {
      const user = { id: Number(row.id), email: String(row.email), name: 'Bulk', role: 'customer' as const };
      const token = await signToken(user, TEST_AUTH_SECRET, 3600);
      return { user, token, api: client(token) };
    }),
  );
}

/** A real 1×1 PNG, for image uploads. */
export const TINY_PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='),
  (char) => char.charCodeAt(0),
);

export type Upload = { status: number; body: UploadAnswer };

/** POST /images/products/:productId with `bytes` as the body, as the admin page sends an image. */
export async function uploadImage(
  productId: number,
  bytes: BodyInit,
  token?: string,
  contentType = 'image/png',
): Promise<Upload> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await workerRequest(`/images/products/${productId}`, { method: 'POST', headers, body: bytes });
  return { status: response.status, body: (await response.json()) as UploadAnswer };
}

/** The image an upload stored; throws with the refusal when it stored none. */
export function uploaded(answer: Upload) {
  if (!('image' in answer.body)) throw new Error(`upload refused: ${JSON.stringify(answer.body)}`);
  return answer.body.image;
}

/** What an admin's client can do; for helpers that act as an admin. */
type AdminApi = Awaited<ReturnType<typeof signInAdmin>>['api'];

/** Ships every unit of the order left to ship in one shipment, as an admin does; answers the order after. */
export async function shipAll(api: AdminApi, orderId: number, carrier = 'Posten') {
  const order = await api.orders.get.query({ id: orderId });
  const items = order.items
    .map((item) => ({
      variantId: item.variantId,
      quantity: item.quantity - item.shippedQuantity - item.cancelledQuantity,
    }))
    .filter((item) => item.quantity > 0);
  return api.shipments.create.mutate({ orderId, carrier, trackingNumber: `TRACK-${crypto.randomUUID()}`, items });
}

/** Ships what is left of the order and marks that shipment delivered; answers the order after. */
export async function shipAndDeliver(api: AdminApi, orderId: number) {
  const shipped = await shipAll(api, orderId);
  const shipment = shipped.shipments[shipped.shipments.length - 1];
  if (!shipment) throw new Error(`order ${orderId} has no shipment`);
  return api.shipments.markDelivered.mutate({ shipmentId: shipment.id });
}
