/**
 * Fixtures and checks that only the proofs' tests need, beside the shared
 * stack tooling in local-stack/ (customers, products, tRPC calls,
 * invariants). Fixtures are written with direct SQL, so only what is under
 * test goes through the Worker.
 */
import type { Customer } from '../../local-stack/customers.ts';
import type { Stack } from '../../local-stack/start-stack.ts';
import { query } from '../../local-stack/trpc-http.ts';

export type CartLine = { variantId: number; quantity: number };

/** Fills each customer's cart directly (its cart row made on first use); the cart's own rules are proven elsewhere. */
export async function fillCarts(stack: Stack, carts: Array<{ customer: Customer; lines: CartLine[] }>) {
  const statements = carts.flatMap(({ customer, lines }) => [
    {
      sql: 'INSERT INTO carts (owner_key, user_id) VALUES (?, ?) ON CONFLICT (owner_key) DO NOTHING',
      args: [`user:${customer.id}`, customer.id],
    },
    ...lines.map((line) => ({
      sql: 'INSERT INTO cart_items (cart_id, variant_id, quantity) VALUES ((SELECT id FROM carts WHERE owner_key = ?), ?, ?)',
      args: [`user:${customer.id}`, line.variantId, line.quantity],
    })),
  ]);
  await stack.db.batch(statements, 'write');
}

/** What checkout.place takes beside the key: the stack's fixture method and the total the shopper agreed to. */
export type CheckoutPricing = { shippingMethodId: number; expectedTotalCents: number };

/**
 * Quotes each customer's cart through the Worker (checkout.quote, to their
 * default address by the fixture method), as a shop shows the total before
 * the order is placed; `concurrency` quotes at a time. Call it before a race,
 * so the race holds the placing alone.
 */
export async function quoteCarts(stack: Stack, customers: Customer[], concurrency = 16) {
  const shippingMethodId = stack.fixtureShippingMethodId;
  const input = encodeURIComponent(JSON.stringify({ shippingMethodId }));
  return pooled(customers, concurrency, async (customer): Promise<CheckoutPricing> => {
    const reply = await query(stack, `checkout.quote?input=${input}`, customer.token);
    const quote = reply.body.result?.data as { totalCents: number | null } | undefined;
    if (reply.status !== 200 || typeof quote?.totalCents !== 'number') {
      throw new Error(
        `checkout.quote for customer ${customer.id} answered ${reply.status}: ${JSON.stringify(reply.body)}`,
      );
    }
    return { shippingMethodId, expectedTotalCents: quote.totalCents };
  });
}

/** An order as stored: its lines, for comparing with what a client was told. */
export async function storedOrder(stack: Stack, orderId: number) {
  const rows = await stack.db.execute({
    sql: 'SELECT variant_id, quantity FROM order_items WHERE order_id = ? ORDER BY variant_id',
    args: [orderId],
  });
  return rows.rows.map((row) => ({ variantId: Number(row.variant_id), quantity: Number(row.quantity) }));
}

/** Runs `task` over `items` with at most `concurrency` in flight. */
export async function pooled<T, R>(items: T[], concurrency: number, task: (item: T, index: number) => Promise<R>) {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index] as T, index);
      }
    }),
  );
  return results;
}
