/**
 * What the proof runs on, written with direct SQL before the clock starts:
 * the workload's hot variants (little stock, so checkouts race for the last
 * units) and plentiful ones, and the hostile side's own customers, variants
 * and orders, apart from the workload's so that a hostile write that
 * succeeds (a valid input is valid) never blurs the history's accounts.
 */
import { type Customer, createCustomers } from '../local-stack/customers.ts';
import { createVariants } from '../local-stack/products.ts';
import type { Stack } from '../local-stack/start-stack.ts';
import { signToken } from '../src/modules/auth/token.ts';
import type { Caller, HostileTargets } from './hostile.ts';
import { perform } from './operations.ts';

/** A handful of hot variants with little stock each; the plentiful ones fill out carts. */
const HOT_STOCK = [40, 40, 40, 40];
const PLENTY = 1_000_000;
const COLD = 6;
/** Every fixture variant's price; the fixture shipping method is free and untaxed, so a total is the lines' sum. */
export const UNIT_PRICE_CENTS = 1_000;
/** The workload's hot code: 10% off, for only a few live orders at a time, so checkouts race for its uses. */
export const HOT_CODE = { code: 'PROOF-HOT', percent: 10, usageLimit: 5 };
const HOSTILE_CODE = 'PROOF-HOSTILE';

async function ids(stack: Stack, sql: string): Promise<number[]> {
  return (await stack.db.execute(sql)).rows.map((row) => Number(Object.values(row)[0]));
}

/** Tokens no server made or that no longer count: unsigned, signed with another secret, expired. */
async function forgedCallers(stack: Stack, customer: Customer): Promise<Caller[]> {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = {
    sub: String(customer.id),
    role: 'admin',
    email: 'x@example.com',
    name: 'x',
    iss: 'stockroom',
    exp: 4e9,
  };
  const user = { id: customer.id, email: 'x@example.com', name: 'x', role: 'admin' as const };
  return [
    { name: 'garbage', token: 'not-a-token' },
    { name: 'alg-none', token: `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.` },
    { name: 'other-secret', token: await signToken(user, 'another-secret-of-at-least-32-characters', 3_600) },
    { name: 'expired', token: await signToken(user, stack.authSecret, -60) },
  ];
}

async function insertCode(stack: Stack, code: string, percent: number, usageLimit: number): Promise<number> {
  const result = await stack.db.execute({
    sql: "INSERT INTO discount_codes (code, kind, value, usage_limit) VALUES (?, 'percent', ?, ?) RETURNING id",
    args: [code, percent, usageLimit],
  });
  return Number(result.rows[0]?.id);
}

export async function prepareFixtures(stack: Stack) {
  const seededVariants = await ids(stack, 'SELECT id FROM variants');
  const hostileVariants = await createVariants(stack, [PLENTY, PLENTY, 3]);
  const hot = await createVariants(stack, HOT_STOCK);
  const cold = await createVariants(stack, Array(COLD).fill(PLENTY));
  const initialStock = new Map<number, number>([
    ...hot.map((id, i) => [id, HOT_STOCK[i] as number] as const),
    ...cold.map((id) => [id, PLENTY] as const),
  ]);
  const hotCodeId = await insertCode(stack, HOT_CODE.code, HOT_CODE.percent, HOT_CODE.usageLimit);
  const hostileCodeId = await insertCode(stack, HOSTILE_CODE, 5, 1_000);
  const hostileCustomers = await createCustomers(stack, 3);
  const tokens = new Map(hostileCustomers.map((c) => [c.id, c.token]));
  const api = {
    stack,
    t0: performance.now(),
    adminToken: '',
    tokenOf: (id: number) => tokens.get(id) ?? '',
    shippingMethodId: stack.fixtureShippingMethodId,
  };
  const hostileOrders: number[] = [];
  for (const [i, customer] of hostileCustomers.entries()) {
    const items = [{ variantId: hostileVariants[0] as number, quantity: 1 }];
    const answer = await perform(api, {
      kind: 'createOrder',
      customerId: customer.id,
      key: `hostile-setup-${i}`,
      items,
      expectedTotalCents: UNIT_PRICE_CENTS,
    });
    if (answer.data?.order) hostileOrders.push(answer.data.order.id);
  }
  const variantIds = [...seededVariants, ...hostileVariants];
  const productIds = await ids(stack, `SELECT DISTINCT product_id FROM variants WHERE id IN (${variantIds.join(',')})`);
  const categoryIds = await ids(stack, 'SELECT id FROM categories');
  const addressIds = await ids(
    stack,
    `SELECT id FROM addresses WHERE user_id IN (${hostileCustomers.map((c) => c.id).join(',')})`,
  );
  const forged = await forgedCallers(stack, hostileCustomers[0] as Customer);
  return {
    hot,
    cold,
    initialStock,
    hotCode: { id: hotCodeId, ...HOT_CODE },
    hostileCustomers,
    hostileTargets: (
      stack: Stack,
      workloadOrder: HostileTargets['workloadOrder'],
      adminToken: string,
    ): HostileTargets => ({
      baseUrl: stack.baseUrl,
      callers: [
        { name: 'anonymous' },
        ...hostileCustomers.map((c, i) => ({ name: `customer-${i}`, token: c.token, customerId: c.id })),
        { name: 'admin', token: adminToken },
        ...forged,
      ],
      variantIds,
      productIds,
      categoryIds,
      orderIds: hostileOrders,
      shippingMethodIds: [stack.fixtureShippingMethodId],
      addressIds,
      discountIds: [hostileCodeId],
      discountCodes: [HOSTILE_CODE],
      workloadOrder,
      secrets: [stack.dbAuthToken, stack.authSecret, stack.dbUrl, new URL(stack.dbUrl).host],
    }),
  };
}
