/**
 * The checkout batch exactly as the Worker builds it (placeOrderBatch through
 * Drizzle), captured without a database: a stand-in client records what
 * Drizzle hands to `client.batch`. The floors replay it: as one compact Hrana
 * pipeline posted with plain `fetch` (floor-worker.ts), and statement by
 * statement on the bare engine (engine-floor.ts). So the floors follow the
 * batch as it changes shape.
 *
 * What differs between checkouts is bound per checkout: the customer, the
 * key, the shipping method (the fixture method of the database at hand) and
 * the total the shopper agreed to (their cart's).
 */
import type { Client, InStatement, ResultSet } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import * as schema from '../src/db/schema.ts';
import { userOwner } from '../src/modules/cart/cart-owner.ts';
import { placeOrderBatch } from '../src/modules/orders/order-batches.ts';
import type { StoreSettings } from '../src/shared/store-settings.ts';

export type Statement = { sql: string; args: Array<number | string | null> };

/** Stand-ins for the values that differ between checkouts; bound by `bindCheckout`. */
const USER_SENTINEL = 987_654_321;
const METHOD_SENTINEL = 987_654_322;
const TOTAL_SENTINEL = 987_654_323;
const KEY_SENTINEL = 'checkout-key-sentinel';
/** The customer's cart owner key, as the batch carries it. */
const OWNER_SENTINEL = userOwner(USER_SENTINEL).key;
/** Text markers in the floor's pipeline JSON, replaced by the floor Worker per request. */
export const USER_MARK = '__USER__';
export const KEY_MARK = '__KEY__';
export const METHOD_MARK = '__METHOD__';
export const TOTAL_MARK = '__TOTAL__';

/** The store settings the benchmark's stack runs with: wrangler.toml's STORE_CURRENCY and PRICES_INCLUDE_TAX. */
const BENCH_STORE: StoreSettings = { currency: 'USD', pricesIncludeTax: false };

/** One checkout's own values, put into the captured statements. */
export type CheckoutBinding = { userId: number; idempotencyKey: string; shippingMethodId: number; totalCents: number };

const EMPTY_RESULT: ResultSet = {
  columns: [],
  columnTypes: [],
  rows: [],
  rowsAffected: 0,
  lastInsertRowid: undefined,
  toJSON: () => ({}),
};

/** An argument as the libSQL client sends it: a boolean (prices_include_tax) as the integer 1 or 0. */
function asSent(value: unknown): Statement['args'][number] {
  return (typeof value === 'boolean' ? Number(value) : value) as Statement['args'][number];
}

/** The statements of one cart checkout for a customer at most `maxPendingOrders` orders may be pending for. */
export async function captureCheckoutBatch(maxPendingOrders: number): Promise<Statement[]> {
  let captured: Statement[] = [];
  const recorder = {
    batch: async (statements: InStatement[]) => {
      captured = statements.map((statement) => {
        if (typeof statement === 'string' || !Array.isArray(statement.args ?? [])) {
          throw new Error('the checkout batch is expected to use positional arguments');
        }
        return { sql: statement.sql, args: ((statement.args ?? []) as unknown[]).map(asSent) };
      });
      return statements.map(() => EMPTY_RESULT);
    },
  } as unknown as Client;
  const db = drizzle(recorder, { schema });
  await db.batch(
    placeOrderBatch(db, {
      owner: userOwner(USER_SENTINEL),
      shipTo: { kind: 'default', userId: USER_SENTINEL },
      maxPendingOrders,
      idempotencyKey: KEY_SENTINEL,
      requestHash: 'cart',
      source: { kind: 'cart' },
      // As checkout.place prices it: no code, and the total the shopper agreed to.
      pricing: {
        shippingMethodId: METHOD_SENTINEL,
        discountCode: null,
        redeemerKey: OWNER_SENTINEL,
        expectedTotalCents: TOTAL_SENTINEL,
        store: BENCH_STORE,
      },
      // By bank transfer, held until paid: what `npm start` offers.
      payment: { provider: 'manual', method: 'bank_transfer', holdMinutes: null },
    }),
  );
  for (const sentinel of [USER_SENTINEL, KEY_SENTINEL, OWNER_SENTINEL, METHOD_SENTINEL, TOTAL_SENTINEL]) {
    if (!captured.some((statement) => statement.args.includes(sentinel))) {
      throw new Error(`the captured checkout batch does not carry ${sentinel}: the capture needs updating`);
    }
  }
  return captured;
}

/** The captured statements for one checkout. */
export function bindCheckout(statements: Statement[], checkout: CheckoutBinding): Statement[] {
  const values = new Map<Statement['args'][number], Statement['args'][number]>([
    [USER_SENTINEL, checkout.userId],
    [KEY_SENTINEL, checkout.idempotencyKey],
    [OWNER_SENTINEL, `user:${checkout.userId}`],
    [METHOD_SENTINEL, checkout.shippingMethodId],
    [TOTAL_SENTINEL, checkout.totalCents],
  ]);
  const bind = (value: Statement['args'][number]) =>
    values.has(value) ? (values.get(value) as Statement['args'][number]) : value;
  return statements.map((statement) => ({ sql: statement.sql, args: statement.args.map(bind) }));
}

type HranaValue = { type: 'null' } | { type: 'integer' | 'text'; value: string } | { type: 'float'; value: number };

function hranaValue(value: Statement['args'][number]): HranaValue {
  if (value === USER_SENTINEL) return { type: 'integer', value: USER_MARK };
  if (value === METHOD_SENTINEL) return { type: 'integer', value: METHOD_MARK };
  if (value === TOTAL_SENTINEL) return { type: 'integer', value: TOTAL_MARK };
  if (value === OWNER_SENTINEL) return { type: 'text', value: `user:${USER_MARK}` };
  if (value === KEY_SENTINEL) return { type: 'text', value: KEY_MARK };
  if (value === null) return { type: 'null' };
  if (typeof value === 'string') return { type: 'text', value };
  return Number.isInteger(value) ? { type: 'integer', value: String(value) } : { type: 'float', value };
}

/**
 * The smallest Hrana v3 pipeline that runs the same statements as the
 * client's batch, with the same step conditions (BEGIN, each statement only
 * if the one before succeeded, COMMIT, ROLLBACK unless COMMIT ran): texts
 * inline (no store_sql), integers as integers, rows asked only of the last
 * statement (the order detail), then `close`. The user id, key, shipping
 * method and total are markers for the floor Worker to replace.
 */
export function compactPipeline(statements: Statement[]): string {
  const last = statements.length;
  const steps = [
    { stmt: { sql: 'BEGIN DEFERRED', want_rows: false } },
    ...statements.map((statement, i) => ({
      condition: { type: 'ok', step: i },
      stmt: { sql: statement.sql, args: statement.args.map(hranaValue), want_rows: i === last - 1 },
    })),
    { condition: { type: 'ok', step: last }, stmt: { sql: 'COMMIT', want_rows: false } },
    {
      condition: { type: 'not', cond: { type: 'ok', step: last + 1 } },
      stmt: { sql: 'ROLLBACK', want_rows: false },
    },
  ];
  return JSON.stringify({ baton: null, requests: [{ type: 'batch', batch: { steps } }, { type: 'close' }] });
}
