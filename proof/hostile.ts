/**
 * Generated hostile inputs (fast-check): every procedure's input, valid,
 * corrupted or junk, batched up to the server's limit as raw HTTP and through
 * the typed client, plus requests that attack the transport itself (sizes,
 * bodies that are not JSON or not UTF-8, content types and encodings,
 * methods, batch shapes, paths, headers). Each answer must be a 2xx or a 4xx
 * (a 503 only while the database is down) and show no internals; the
 * checker holds the history to that. Paced to a rate, with few requests in
 * flight, so the contended workload keeps the machine.
 */
import fc from 'fast-check';
import { MAX_CALLS_PER_REQUEST } from '../src/shared/limits.ts';
import { ORDER_STATUSES } from '../src/shared/order-status.ts';
import { type HostileFields, PROCEDURES, type ProcedureSpec } from './operations.ts';

/** Who a hostile request claims to be: a real customer or admin, or a token no server made. */
export type Caller = { name: string; token?: string; customerId?: number };

export type HostileTargets = {
  baseUrl: string;
  callers: Caller[];
  /** Ids hostile writes may touch: the seed's and the hostile side's own. */
  variantIds: number[];
  productIds: number[];
  categoryIds: number[];
  orderIds: number[];
  /** The workload's shipping method (quotes and orders may name it; no hostile write changes it). */
  shippingMethodIds: number[];
  /** The hostile customers' own addresses, and the hostile side's own discount code. */
  addressIds: number[];
  discountIds: number[];
  discountCodes: string[];
  /** One of the workload's orders so far (any number picks one), for reads that must not show it to anyone else. */
  workloadOrder: (n: number) => number | undefined;
  /** Texts that must never appear in an answer: the database's token, URL and the signing secret. */
  secrets: string[];
};

const INTERNALS = [
  /SQLITE_[A-Z]/,
  /libsql/i,
  /constraint failed/i,
  /\bat \S+ \(\S+:\d+:\d+\)/,
  /\.(?:ts|js|mjs):\d+:\d+/,
  /node_modules/,
  /stockroom-stack-/,
];

/** What an answer shows that it must not, or undefined. */
export function leakIn(text: string, secrets: string[]): string | undefined {
  const secret = secrets.find((value) => value.length > 0 && text.includes(value));
  if (secret) return `a secret (${secret.slice(0, 6)}…)`;
  return INTERNALS.find((pattern) => pattern.test(text))?.toString();
}

const unknownId = fc.oneof(
  fc.integer({ min: 1_000_000_000, max: Number.MAX_SAFE_INTEGER }),
  fc.constantFrom<unknown>(0, -1, 1.5, '1', null, 2 ** 53, 1e308, [], {}),
);

const idFrom = (ids: number[]) => (ids.length > 0 ? fc.oneof(fc.constantFrom(...ids), unknownId) : unknownId);

const junkNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom<unknown>(0, -1, 2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e308, -0, '7', null, true),
);

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ maxLength: 400 }),
  fc.constantFrom<unknown>(
    "'; DROP TABLE orders; --",
    '" OR 1=1 --',
    '\\',
    '\u0000',
    '\u202e\ufeff',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    'a'.repeat(6_000),
    null,
    42,
  ),
);

function fieldsFor(targets: HostileTargets): HostileFields {
  const workloadOrder = fc.nat().map((n) => targets.workloadOrder(n) ?? 1);
  return {
    text,
    email: fc.oneof(fc.emailAddress(), text),
    count: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 5 }) }, junkNumber),
    cents: fc.oneof(fc.integer({ min: 0, max: 100_000_000 }), junkNumber),
    delta: fc.oneof(fc.integer({ min: -50, max: 50 }), junkNumber),
    flag: fc.oneof(fc.boolean(), fc.constantFrom<unknown>('true', 1, null)),
    key: fc.oneof(fc.stringMatching(/^[\w.:-]{8,40}$/), text),
    status: fc.oneof(fc.constantFrom(...ORDER_STATUSES), text),
    cursor: fc.oneof(fc.integer(), fc.string({ maxLength: 20 }), fc.constantFrom<unknown>('1.5@3', '1e999@1', null)),
    variantId: idFrom(targets.variantIds),
    productId: idFrom(targets.productIds),
    categoryId: idFrom(targets.categoryIds),
    imageId: unknownId,
    orderId: idFrom(targets.orderIds),
    anyOrderId: fc.oneof(idFrom(targets.orderIds), workloadOrder),
    country: fc.oneof(fc.constantFrom('IS', 'NO', 'no', 'DE', 'US', 'XX', 'ISL'), text),
    writeCountry: fc.oneof(fc.constantFrom('DE', 'US', 'FR', 'XX', 'ZZZ', '  de '), text),
    shippingMethodId: idFrom(targets.shippingMethodIds),
    unknownId,
    addressId: idFrom(targets.addressIds),
    discountId: idFrom(targets.discountIds),
    discountCode: fc.oneof(fc.constantFrom(...targets.discountCodes, 'NO-SUCH-CODE'), text),
    token: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{20,60}$/), text),
    sessionId: fc.oneof(fc.stringMatching(/^cs_[A-Za-z0-9_]{1,60}$/), text),
  };
}

/** Keys with a meaning to JavaScript objects, and values at the edges of what JSON carries. */
const SPECIAL: unknown[] = [
  null,
  [],
  {},
  '',
  0,
  true,
  JSON.parse('{"__proto__":{"role":"admin","isAdmin":true}}'),
  { constructor: { prototype: { role: 'admin' } } },
  'x'.repeat(20_000),
  1e308,
];

/** A procedure's input: mostly its own shape, sometimes with a field replaced or dropped, or junk. */
function hostileInput(spec: ProcedureSpec, fields: HostileFields): fc.Arbitrary<unknown> {
  const shaped = spec.input(fields);
  const corrupted = fc.tuple(shaped, fc.jsonValue({ maxDepth: 2 }), fc.nat()).map(([value, junk, n]) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return junk;
    const keys = Object.keys(value);
    const key = keys[n % Math.max(keys.length, 1)] ?? 'extra';
    const copy: Record<string, unknown> = { ...value };
    if (n % 3 === 0) delete copy[key];
    else copy[key] = junk;
    return copy;
  });
  return fc.oneof(
    { weight: 6, arbitrary: shaped },
    { weight: 2, arbitrary: corrupted },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(...SPECIAL) },
  );
}

type Call = { spec: ProcedureSpec; input: unknown };
type RawRequest = { name: string; path: string; url: string; init: RequestInit };
export type Plan =
  | { transport: 'batch'; caller: Caller; calls: Call[] }
  | { transport: 'client'; caller: Caller; calls: Call[] }
  | { transport: 'raw'; caller: Caller; raw: RawRequest };

function callsArbitrary(fields: HostileFields): fc.Arbitrary<Call[]> {
  const callOf = (specs: ProcedureSpec[]) =>
    fc.constantFrom(...specs).chain((spec) => hostileInput(spec, fields).map((input) => ({ spec, input })));
  const queries = PROCEDURES.filter((spec) => spec.type === 'query');
  const mutations = PROCEDURES.filter((spec) => spec.type === 'mutation');
  // Mostly full batches (the most inputs per request the server takes), sometimes smaller.
  const size = fc.oneof(
    { weight: 4, arbitrary: fc.constant(MAX_CALLS_PER_REQUEST) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: MAX_CALLS_PER_REQUEST }) },
  );
  const batch = (specs: ProcedureSpec[]) => size.chain((n) => fc.array(callOf(specs), { minLength: n, maxLength: n }));
  // Mostly one kind per request, as a client batches; sometimes mixed, which the server must refuse per call.
  return fc.oneof(
    { weight: 4, arbitrary: batch(queries) },
    { weight: 5, arbitrary: batch(mutations) },
    { weight: 1, arbitrary: batch(PROCEDURES) },
  );
}

const headerValue = fc
  .string({ unit: 'binary-ascii', maxLength: 200 })
  .map((value) => value.replace(/[^\x20-\x7e]/g, ''));

/** Requests that attack the transport rather than one procedure's input. */
function rawArbitrary(baseUrl: string): fc.Arbitrary<RawRequest> {
  const path = fc.constantFrom(...PROCEDURES.map((spec) => spec.path));
  const post = (
    name: string,
    body: fc.Arbitrary<string | Uint8Array<ArrayBuffer>>,
    contentType: fc.Arbitrary<string>,
  ) =>
    fc.record({ path, body, contentType }).map(({ path: p, body: b, contentType: type }) => ({
      name,
      path: p,
      url: `${baseUrl}/trpc/${p}`,
      init: { method: 'POST', body: b, headers: type ? { 'content-type': type } : {} } as RequestInit,
    }));
  const json = fc.constant('application/json');
  return fc.oneof(
    post(
      'oversize',
      fc.integer({ min: 64 * 1024 + 1, max: 300_000 }).map((n) => JSON.stringify({ x: 'x'.repeat(n) })),
      json,
    ),
    post('not-json', fc.string({ maxLength: 200 }), json),
    post('not-utf8', fc.uint8Array({ maxLength: 2_000 }), json),
    post(
      'deep',
      fc.integer({ min: 100, max: 30_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
      json,
    ),
    post(
      'content-type',
      fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value) ?? 'null'),
      fc.constantFrom(
        '',
        'text/plain',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
        'application/octet-stream',
        'application/json; charset=utf-16',
        'application/jsonl',
      ),
    ),
    fc.record({ path, method: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS') }).map(({ path: p, method }) => ({
      name: 'method',
      path: p,
      url: `${baseUrl}/trpc/${p}`,
      init: { method },
    })),
    fc.integer({ min: MAX_CALLS_PER_REQUEST + 1, max: 40 }).map((n) => ({
      name: 'batch-too-large',
      path: 'catalog.categories',
      url: `${baseUrl}/trpc/${Array(n).fill('catalog.categories').join(',')}?batch=1`,
      init: {},
    })),
    fc.record({ path, input: fc.string({ maxLength: 300 }) }).map(({ path: p, input }) => ({
      name: 'query-input',
      path: p,
      url: `${baseUrl}/trpc/${p}?batch=${input.length % 2}&input=${encodeURIComponent(input)}`,
      init: {},
    })),
    fc.string({ maxLength: 120 }).map((segment) => ({
      name: 'path',
      path: '-',
      url: `${baseUrl}/trpc/${encodeURIComponent(segment)}`,
      init: {},
    })),
    fc.record({ path, authorization: headerValue, accept: headerValue, cartToken: headerValue }).map((h) => ({
      name: 'headers',
      path: h.path,
      url: `${baseUrl}/trpc/${h.path}`,
      init: {
        headers: {
          authorization: h.authorization,
          'trpc-accept': h.accept.length % 2 ? 'application/jsonl' : h.accept,
          'x-cart-token': h.cartToken,
          'content-encoding': h.accept.length % 3 ? 'gzip' : h.accept,
        },
      },
    })),
  );
}

export function planArbitrary(targets: HostileTargets): fc.Arbitrary<Plan> {
  const fields = fieldsFor(targets);
  const caller = fc.constantFrom(...targets.callers);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({ transport: fc.constant('batch' as const), caller, calls: callsArbitrary(fields) }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ transport: fc.constant('client' as const), caller, calls: callsArbitrary(fields) }),
    },
    {
      weight: 3,
      arbitrary: fc.record({ transport: fc.constant('raw' as const), caller, raw: rawArbitrary(targets.baseUrl) }),
    },
  );
}
