/**
 * Every call the proof makes into Stockroom's API, in one place: which
 * procedure each workload operation calls with which input, how its answer
 * is read, and, for the hostile inputs, every procedure with the shape of
 * its input. When an input changes (a cart token header, an address, a
 * shipping method, `expectedTotalCents` on an order), this file absorbs it.
 */
import fc from 'fast-check';
import type { Stack } from '../local-stack/start-stack.ts';
import { mutate, type Reply, read } from '../local-stack/trpc-http.ts';
import { type Answer, type AnswerData, classify, type Operation, type OrderAnswer } from './history.ts';

/** What operations need to reach the API: the stack, the run's clock, and who signs each call. */
export type Api = { stack: Stack; t0: number; tokenOf(customerId: number): string; adminToken: string };

type OrderBody = {
  id: number;
  status: string;
  customer: { id: number };
  items: Array<{ variantId: number; quantity: number; unitPriceCents: number }>;
};

function orderAnswer(data: unknown): AnswerData {
  const order = data as OrderBody;
  const items = order.items.map(({ variantId, quantity, unitPriceCents }) => ({ variantId, quantity, unitPriceCents }));
  return { order: { id: order.id, status: order.status, customerId: order.customer.id, items } satisfies OrderAnswer };
}

function cartAnswer(data: unknown): AnswerData {
  return { cart: (data as { items: Array<{ variantId: number; quantity: number }> }).items.map(lineOf) };
}

/** A page of orders (orders.mine, orders.list): whose orders it showed. */
export function ordersPageAnswer(data: unknown): AnswerData {
  const items = (data as { items: Array<{ id: number; userId: number }> }).items;
  return { orderIds: items.map((order) => order.id), customerIds: items.map((order) => order.userId) };
}

const lineOf = ({ variantId, quantity }: { variantId: number; quantity: number }) => ({ variantId, quantity });

type Call = {
  kind: 'query' | 'mutation';
  path: string;
  input?: unknown;
  token: string;
  read?: (data: unknown) => AnswerData;
};

/** The procedure, input and signer of one workload operation. */
function callFor(api: Api, op: Exclude<Operation, { kind: 'hostile' }>): Call {
  const as = (customerId: number) => api.tokenOf(customerId);
  switch (op.kind) {
    case 'checkout':
      return {
        kind: 'mutation',
        path: 'checkout.place',
        input: { idempotencyKey: op.key },
        token: as(op.customerId),
        read: orderAnswer,
      };
    case 'createOrder':
      return {
        kind: 'mutation',
        path: 'orders.create',
        input: { idempotencyKey: op.key, items: op.items },
        token: as(op.customerId),
        read: orderAnswer,
      };
    case 'cartAdd':
      return {
        kind: 'mutation',
        path: 'cart.add',
        input: { variantId: op.variantId, quantity: op.quantity },
        token: as(op.customerId),
      };
    case 'cartSet':
      return {
        kind: 'mutation',
        path: 'cart.setQuantity',
        input: { variantId: op.variantId, quantity: op.quantity },
        token: as(op.customerId),
      };
    case 'cartRemove':
      return { kind: 'mutation', path: 'cart.remove', input: { variantId: op.variantId }, token: as(op.customerId) };
    case 'cartClear':
      return { kind: 'mutation', path: 'cart.clear', token: as(op.customerId) };
    case 'cartGet':
      return { kind: 'query', path: 'cart.get', token: as(op.customerId), read: cartAnswer };
    case 'cancel':
      return {
        kind: 'mutation',
        path: 'orders.cancel',
        input: { id: op.orderId },
        token: as(op.customerId),
        read: orderAnswer,
      };
    case 'updateStatus':
      return {
        kind: 'mutation',
        path: 'orders.updateStatus',
        input: { id: op.orderId, status: op.status, expectedStatus: op.expectedStatus },
        token: api.adminToken,
        read: orderAnswer,
      };
    case 'restock':
      // The tag in the ledger row's note ties the row to this operation.
      return {
        kind: 'mutation',
        path: 'inventory.restock',
        input: { variantId: op.variantId, quantity: op.quantity, note: op.tag },
        token: api.adminToken,
      };
    case 'adjust':
      return {
        kind: 'mutation',
        path: 'inventory.adjust',
        input: { variantId: op.variantId, delta: op.delta, reason: op.tag },
        token: api.adminToken,
      };
    case 'orderGet':
      return {
        kind: 'query',
        path: 'orders.get',
        input: { id: op.orderId },
        token: as(op.customerId),
        read: orderAnswer,
      };
    case 'ordersMine':
      return {
        kind: 'query',
        path: 'orders.mine',
        input: { limit: 50 },
        token: as(op.customerId),
        read: ordersPageAnswer,
      };
  }
}

/** An HTTP reply as the history keeps it: classified, timed on the run's clock, its data reduced. */
export function answerOf(
  reply: Reply,
  startedAt: number,
  endedAt: number,
  readData?: (data: unknown) => AnswerData,
): Answer {
  const { outcome, reason } = classify(reply);
  const failure = reply.failure?.slice(0, 200);
  if (outcome !== 'acknowledged' || !readData)
    return { outcome, status: reply.status, reason, failure, startedAt, endedAt };
  try {
    return { outcome, status: reply.status, data: readData(reply.data), startedAt, endedAt };
  } catch (error) {
    // An acknowledged answer without the shape the API promises is no acknowledgement a client can use.
    return {
      outcome: 'unknown',
      status: reply.status,
      failure: `unreadable answer: ${String(error)}`,
      startedAt,
      endedAt,
    };
  }
}

/** Sends one workload operation; never throws. */
export async function perform(api: Api, op: Exclude<Operation, { kind: 'hostile' }>): Promise<Answer> {
  const call = callFor(api, op);
  const startedAt = performance.now() - api.t0;
  const reply =
    call.kind === 'query'
      ? await read(api.stack, call.path, call.input, call.token)
      : await mutate(api.stack, call.path, call.input, call.token);
  return answerOf(reply, startedAt, performance.now() - api.t0, call.read);
}

/**
 * Values for the hostile inputs' fields, each a mix of valid values and
 * boundary or junk ones (hostile.ts builds them). Ids that a write takes
 * come only from the hostile side's own fixtures or from ids nothing has, so
 * hostile writes never touch the workload's variants or orders; `anyOrderId`
 * is for reads, which must not show another customer's order.
 */
export type HostileFields = {
  text: fc.Arbitrary<unknown>;
  email: fc.Arbitrary<unknown>;
  count: fc.Arbitrary<unknown>;
  cents: fc.Arbitrary<unknown>;
  delta: fc.Arbitrary<unknown>;
  flag: fc.Arbitrary<unknown>;
  key: fc.Arbitrary<unknown>;
  status: fc.Arbitrary<unknown>;
  cursor: fc.Arbitrary<unknown>;
  variantId: fc.Arbitrary<unknown>;
  productId: fc.Arbitrary<unknown>;
  categoryId: fc.Arbitrary<unknown>;
  imageId: fc.Arbitrary<unknown>;
  orderId: fc.Arbitrary<unknown>;
  anyOrderId: fc.Arbitrary<unknown>;
};

export type ProcedureSpec = {
  path: string;
  type: 'query' | 'mutation';
  input: (f: HostileFields) => fc.Arbitrary<unknown>;
};

const none = () => fc.constant(undefined);
const some = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T, requiredKeys: Array<keyof T & string> = []) =>
  fc.record(fields, { requiredKeys }) as fc.Arbitrary<unknown>;

/** Every procedure of the API with the shape of its input; a new procedure joins the hostile inputs here. */
export const PROCEDURES: ProcedureSpec[] = [
  { path: 'auth.signUp', type: 'mutation', input: (f) => some({ email: f.email, password: f.text, name: f.text }) },
  { path: 'auth.signIn', type: 'mutation', input: (f) => some({ email: f.email, password: f.text }) },
  { path: 'auth.me', type: 'query', input: none },
  { path: 'catalog.categories', type: 'query', input: none },
  {
    path: 'catalog.products',
    type: 'query',
    input: (f) =>
      some({
        categoryId: f.categoryId,
        search: f.text,
        inStock: f.flag,
        minPriceCents: f.cents,
        maxPriceCents: f.cents,
        cursor: f.cursor,
        limit: f.count,
        includeArchived: f.flag,
      }),
  },
  { path: 'catalog.product', type: 'query', input: (f) => some({ id: f.productId }) },
  {
    path: 'catalog.createCategory',
    type: 'mutation',
    input: (f) => some({ name: f.text, slug: f.text, parentId: f.categoryId }),
  },
  {
    path: 'catalog.createProduct',
    type: 'mutation',
    input: (f) =>
      some(
        {
          categoryId: f.categoryId,
          name: f.text,
          description: f.text,
          options: fc.array(some({ name: f.text, values: fc.array(f.text, { maxLength: 4 }) }), { maxLength: 4 }),
          variants: fc.array(
            some({
              sku: f.text,
              options: fc.dictionary(fc.string(), f.text, { maxKeys: 4 }),
              priceCents: f.cents,
              stock: f.count,
            }),
            { maxLength: 4 },
          ),
          priceCents: f.cents,
          stock: f.count,
          sku: f.text,
        },
        ['categoryId', 'name'],
      ),
  },
  {
    path: 'catalog.updateProduct',
    type: 'mutation',
    input: (f) =>
      some({ id: f.productId, name: f.text, description: f.text, isActive: f.flag, priceCents: f.cents }, ['id']),
  },
  {
    path: 'catalog.addVariant',
    type: 'mutation',
    input: (f) =>
      some(
        {
          productId: f.productId,
          sku: f.text,
          options: fc.dictionary(fc.string(), f.text, { maxKeys: 4 }),
          priceCents: f.cents,
          stock: f.count,
        },
        ['productId'],
      ),
  },
  {
    path: 'catalog.updateVariant',
    type: 'mutation',
    input: (f) => some({ id: f.variantId, sku: f.text, priceCents: f.cents, isActive: f.flag }, ['id']),
  },
  { path: 'catalog.deleteImage', type: 'mutation', input: (f) => some({ id: f.imageId }) },
  {
    path: 'catalog.reorderImages',
    type: 'mutation',
    input: (f) => some({ productId: f.productId, imageIds: fc.array(f.imageId, { maxLength: 12 }) }),
  },
  { path: 'cart.get', type: 'query', input: none },
  { path: 'cart.add', type: 'mutation', input: (f) => some({ variantId: f.variantId, quantity: f.count }) },
  { path: 'cart.setQuantity', type: 'mutation', input: (f) => some({ variantId: f.variantId, quantity: f.count }) },
  { path: 'cart.remove', type: 'mutation', input: (f) => some({ variantId: f.variantId }) },
  { path: 'cart.clear', type: 'mutation', input: none },
  { path: 'checkout.place', type: 'mutation', input: (f) => some({ idempotencyKey: f.key }) },
  {
    path: 'orders.create',
    type: 'mutation',
    input: (f) =>
      some({
        idempotencyKey: f.key,
        items: fc.array(some({ variantId: f.variantId, quantity: f.count }), { maxLength: 110 }),
      }),
  },
  { path: 'orders.get', type: 'query', input: (f) => some({ id: f.anyOrderId }) },
  { path: 'orders.mine', type: 'query', input: (f) => some({ cursor: f.anyOrderId, limit: f.count }) },
  {
    path: 'orders.list',
    type: 'query',
    input: (f) => some({ status: f.status, cursor: f.anyOrderId, limit: f.count }),
  },
  {
    path: 'orders.updateStatus',
    type: 'mutation',
    input: (f) => some({ id: f.orderId, status: f.status, note: f.text, expectedStatus: f.status }, ['id', 'status']),
  },
  { path: 'orders.cancel', type: 'mutation', input: (f) => some({ id: f.orderId }) },
  {
    path: 'inventory.restock',
    type: 'mutation',
    input: (f) => some({ variantId: f.variantId, quantity: f.count, note: f.text }),
  },
  {
    path: 'inventory.adjust',
    type: 'mutation',
    input: (f) => some({ variantId: f.variantId, delta: f.delta, reason: f.text }),
  },
  {
    path: 'inventory.movements',
    type: 'query',
    input: (f) => some({ variantId: f.variantId, cursor: f.cursor, limit: f.count }),
  },
  { path: 'inventory.reconcile', type: 'query', input: none },
  { path: 'reports.summary', type: 'query', input: (f) => some({ lowStockThreshold: f.count }) },
];

/** Reads that show orders, and how to see whose: checked against the database for cross-customer reads. */
export const ORDER_READS: Record<string, (data: unknown) => AnswerData> = {
  'orders.get': orderAnswerAsIds,
  'orders.mine': ordersPageAnswer,
};

function orderAnswerAsIds(data: unknown): AnswerData {
  const order = (data as OrderBody | undefined) ?? undefined;
  return order ? { orderIds: [order.id], customerIds: [order.customer.id] } : {};
}
