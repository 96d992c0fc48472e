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
import { appRouter } from '../src/trpc/router.ts';
import { type Answer, type AnswerData, classify, type Operation, type OrderAnswer } from './history.ts';

/** What operations need to reach the API: the stack, the run's clock, and who signs each call. */
export type Api = {
  stack: Stack;
  t0: number;
  tokenOf(customerId: number): string;
  adminToken: string;
  /** The method every workload order ships by: free and untaxed to the customers' default country. */
  shippingMethodId: number;
};

type OrderBody = {
  id: number;
  status: string;
  customer: { id: number };
  items: Array<{ variantId: number; quantity: number; unitPriceCents: number }>;
  totalCents: number;
};

function orderAnswer(data: unknown): AnswerData {
  const order = data as OrderBody;
  const items = order.items.map(({ variantId, quantity, unitPriceCents }) => ({ variantId, quantity, unitPriceCents }));
  if (!Number.isInteger(order.totalCents)) throw new Error('no totalCents');
  const told = {
    id: order.id,
    status: order.status,
    customerId: order.customer.id,
    items,
    totalCents: order.totalCents,
  };
  return { order: told satisfies OrderAnswer };
}

function quoteAnswer(data: unknown): AnswerData {
  const total = (data as { totalCents: number | null }).totalCents;
  return total === null ? {} : { quoteTotalCents: total };
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
    case 'quote':
      return {
        kind: 'query',
        path: 'checkout.quote',
        input: { shippingMethodId: api.shippingMethodId, discountCode: op.discountCode },
        token: as(op.customerId),
        read: quoteAnswer,
      };
    case 'checkout':
      return {
        kind: 'mutation',
        path: 'checkout.place',
        input: {
          idempotencyKey: op.key,
          shippingMethodId: api.shippingMethodId,
          discountCode: op.discountCode,
          expectedTotalCents: op.expectedTotalCents,
        },
        token: as(op.customerId),
        read: orderAnswer,
      };
    case 'createOrder':
      return {
        kind: 'mutation',
        path: 'orders.create',
        input: {
          idempotencyKey: op.key,
          items: op.items,
          shippingMethodId: api.shippingMethodId,
          discountCode: op.discountCode,
          expectedTotalCents: op.expectedTotalCents,
        },
        token: as(op.customerId),
        read: orderAnswer,
      };
    case 'recordPayment':
      return {
        kind: 'mutation',
        path: 'payments.record',
        input: { orderId: op.orderId, amountCents: op.amountCents, reference: op.reference },
        token: api.adminToken,
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
 * hostile writes never touch the workload's variants, orders, addresses,
 * shipping method or discount code; `anyOrderId` is for reads, which must not
 * show another customer's order. `writeCountry` never names the workload's
 * country, so a hostile tax rate or zone cannot change the workload's prices.
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
  country: fc.Arbitrary<unknown>;
  writeCountry: fc.Arbitrary<unknown>;
  shippingMethodId: fc.Arbitrary<unknown>;
  /** Zones, methods, tax rates, refunds: only ids nothing has. */
  unknownId: fc.Arbitrary<unknown>;
  addressId: fc.Arbitrary<unknown>;
  discountId: fc.Arbitrary<unknown>;
  discountCode: fc.Arbitrary<unknown>;
  /** An order link's token, a Stripe session id: mostly junk, sometimes well formed. */
  token: fc.Arbitrary<unknown>;
  sessionId: fc.Arbitrary<unknown>;
};

export type ProcedureSpec = {
  path: string;
  type: 'query' | 'mutation';
  input: (f: HostileFields) => fc.Arbitrary<unknown>;
};

const none = () => fc.constant(undefined);
const some = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T, requiredKeys: Array<keyof T & string> = []) =>
  fc.record(fields, { requiredKeys }) as fc.Arbitrary<unknown>;

const address = (f: HostileFields) =>
  some(
    {
      name: f.text,
      line1: f.text,
      line2: f.text,
      city: f.text,
      region: f.text,
      postalCode: f.text,
      country: f.country,
    },
    ['name', 'line1', 'city', 'postalCode', 'country'],
  );
const shipTo = (f: HostileFields) => fc.oneof(some({ addressId: f.addressId }), some({ address: address(f) }));
const paymentMethod = (f: HostileFields) =>
  fc.oneof(fc.constantFrom('bank_transfer', 'cash_on_delivery', 'card'), f.text);
const discountFields = (f: HostileFields) => ({
  kind: fc.oneof(fc.constantFrom('percent', 'fixed'), f.text),
  value: f.cents,
  minSubtotalCents: f.cents,
  startsAt: fc.oneof(
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    f.text,
  ),
  endsAt: fc.oneof(
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    f.text,
  ),
  usageLimit: f.count,
  perCustomerLimit: f.count,
  isActive: f.flag,
});

/**
 * The shape of every procedure's input; a procedure of the router without
 * one here stops the proof before it starts (see PROCEDURES).
 */
const INPUTS: Record<string, ProcedureSpec['input']> = {
  'auth.signUp': (f) => some({ email: f.email, password: f.text, name: f.text }),
  'auth.signIn': (f) => some({ email: f.email, password: f.text }),
  'auth.me': none,
  'catalog.categories': none,
  'catalog.products': (f) =>
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
  'catalog.product': (f) => some({ id: f.productId }),
  'catalog.createCategory': (f) => some({ name: f.text, slug: f.text, parentId: f.categoryId }),
  'catalog.createProduct': (f) =>
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
  'catalog.updateProduct': (f) =>
    some({ id: f.productId, name: f.text, description: f.text, isActive: f.flag, priceCents: f.cents }, ['id']),
  'catalog.addVariant': (f) =>
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
  'catalog.updateVariant': (f) => some({ id: f.variantId, sku: f.text, priceCents: f.cents, isActive: f.flag }, ['id']),
  'catalog.deleteImage': (f) => some({ id: f.imageId }),
  'catalog.reorderImages': (f) => some({ productId: f.productId, imageIds: fc.array(f.imageId, { maxLength: 12 }) }),
  'cart.get': none,
  'cart.add': (f) => some({ variantId: f.variantId, quantity: f.count }),
  'cart.setQuantity': (f) => some({ variantId: f.variantId, quantity: f.count }),
  'cart.remove': (f) => some({ variantId: f.variantId }),
  'cart.clear': none,
  'checkout.quote': (f) =>
    some(
      {
        destination: fc.oneof(some({ addressId: f.addressId }), some({ country: f.country })),
        shippingMethodId: f.shippingMethodId,
        discountCode: f.discountCode,
        email: f.email,
      },
      ['shippingMethodId'],
    ),
  'checkout.place': (f) =>
    some(
      {
        idempotencyKey: f.key,
        email: f.email,
        shipTo: shipTo(f),
        shippingMethodId: f.shippingMethodId,
        discountCode: f.discountCode,
        paymentMethod: paymentMethod(f),
        expectedTotalCents: f.cents,
      },
      ['idempotencyKey', 'shippingMethodId', 'expectedTotalCents'],
    ),
  'orders.create': (f) =>
    some(
      {
        idempotencyKey: f.key,
        items: fc.array(some({ variantId: f.variantId, quantity: f.count }), { maxLength: 110 }),
        shipTo: shipTo(f),
        shippingMethodId: f.shippingMethodId,
        discountCode: f.discountCode,
        paymentMethod: paymentMethod(f),
        expectedTotalCents: f.cents,
      },
      ['idempotencyKey', 'items', 'shippingMethodId'],
    ),
  'orders.get': (f) => some({ id: f.anyOrderId }),
  'orders.mine': (f) => some({ cursor: f.anyOrderId, limit: f.count }),
  'orders.list': (f) => some({ status: f.status, cursor: f.anyOrderId, limit: f.count }),
  'shipments.create': (f) =>
    some(
      {
        orderId: f.orderId,
        carrier: f.text,
        trackingNumber: f.text,
        items: fc.array(some({ variantId: f.variantId, quantity: f.count }), { maxLength: 110 }),
      },
      ['orderId', 'carrier', 'trackingNumber', 'items'],
    ),
  'shipments.markDelivered': (f) => some({ shipmentId: f.unknownId }),
  'shipments.cancelRemainder': (f) => some({ orderId: f.orderId }),
  'returns.request': (f) =>
    some(
      {
        orderId: f.orderId,
        reason: f.text,
        items: fc.array(some({ variantId: f.variantId, quantity: f.count }), { maxLength: 110 }),
      },
      ['orderId', 'reason', 'items'],
    ),
  'returns.approve': (f) => some({ returnId: f.unknownId, note: f.text }),
  'returns.reject': (f) => some({ returnId: f.unknownId, note: f.text }),
  'returns.receive': (f) =>
    some({
      returnId: f.unknownId,
      items: fc.array(some({ variantId: f.variantId, restock: f.flag }), { maxLength: 110 }),
    }),
  'orders.updateStatus': (f) =>
    some({ id: f.orderId, status: f.status, note: f.text, expectedStatus: f.status }, ['id', 'status']),
  'orders.cancel': (f) => some({ id: f.orderId }),
  'orders.byLink': (f) => some({ token: f.token }),
  'orders.cancelByLink': (f) => some({ token: f.token }),
  'addresses.list': none,
  'addresses.add': (f) =>
    fc.tuple(address(f), f.flag).map(([fields, isDefault]) => ({ ...(fields as object), isDefault })),
  'addresses.update': (f) =>
    fc
      .tuple(address(f), f.addressId, f.flag)
      .map(([fields, id, isDefault]) => ({ ...(fields as object), id, isDefault })),
  'addresses.remove': (f) => some({ id: f.addressId }),
  'store.settings': none,
  'shipping.methods': (f) => some({ country: f.country }),
  'shipping.zones': none,
  'shipping.createZone': (f) => some({ name: f.text, countries: fc.array(f.writeCountry, { maxLength: 6 }) }),
  'shipping.updateZone': (f) =>
    some({ id: f.unknownId, name: f.text, countries: fc.array(f.writeCountry, { maxLength: 6 }) }),
  'shipping.createMethod': (f) =>
    some({ zoneId: f.unknownId, name: f.text, priceCents: f.cents, freeAboveCents: f.cents, isActive: f.flag }),
  'shipping.updateMethod': (f) =>
    some({ id: f.unknownId, name: f.text, priceCents: f.cents, freeAboveCents: f.cents, isActive: f.flag }, ['id']),
  'taxes.rates': none,
  'taxes.setRate': (f) =>
    some({
      country: f.writeCountry,
      categoryId: f.categoryId,
      name: f.text,
      rateBps: fc.oneof(fc.integer({ min: 0, max: 10_000 }), f.cents),
      appliesToShipping: f.flag,
    }),
  'taxes.removeRate': (f) => some({ id: f.unknownId }),
  'discounts.list': none,
  'discounts.create': (f) => some({ code: f.text, ...discountFields(f) }, ['code', 'kind', 'value']),
  'discounts.update': (f) => some({ id: f.discountId, ...discountFields(f) }, ['id']),
  'payments.record': (f) => some({ orderId: f.orderId, amountCents: f.cents, reference: f.text }),
  'payments.refund': (f) => some({ orderId: f.orderId, amountCents: f.cents, reason: f.text, reference: f.text }),
  'payments.completeRefund': (f) => some({ refundId: f.unknownId, reference: f.text }),
  'payments.cardSession': (f) => fc.oneof(some({ orderId: f.orderId }), some({ token: f.token })),
  'payments.confirmReturn': (f) => some({ sessionId: f.sessionId }),
  'inventory.levels': (f) => some({ productId: f.unknownId }),
  'inventory.restock': (f) => some({ variantId: f.variantId, quantity: f.count, note: f.text }),
  'inventory.adjust': (f) => some({ variantId: f.variantId, delta: f.delta, reason: f.text }),
  'inventory.movements': (f) => some({ variantId: f.variantId, cursor: f.cursor, limit: f.count }),
  'inventory.reconcile': none,
  'reports.summary': (f) => some({ lowStockThreshold: f.count }),
};

type RouterProcedure = { _def: { type: 'query' | 'mutation' | 'subscription' } };

/** Every procedure of the API, taken from the router itself, each with the shape of its input from INPUTS. */
export const PROCEDURES: ProcedureSpec[] = Object.entries(
  appRouter._def.procedures as unknown as Record<string, RouterProcedure>,
).map(([path, procedure]) => {
  const input = INPUTS[path];
  const type = procedure._def.type;
  if (!input || type === 'subscription') {
    throw new Error(`The proof has no hostile input shape for ${path}: add one to INPUTS in proof/operations.ts`);
  }
  return { path, type, input };
});

/** Reads that show orders, and how to see whose: checked against the database for cross-customer reads. */
export const ORDER_READS: Record<string, (data: unknown) => AnswerData> = {
  'orders.get': orderAnswerAsIds,
  'orders.mine': ordersPageAnswer,
};

function orderAnswerAsIds(data: unknown): AnswerData {
  const order = (data as OrderBody | undefined) ?? undefined;
  return order ? { orderIds: [order.id], customerIds: [order.customer.id] } : {};
}
