/**
 * Carts, replayed per customer from the history. A customer sends one
 * request at a time, so while every answer is known the cart is known: each
 * acknowledged change applies, each refused one changes nothing. Then a cart
 * read must show exactly that, an acknowledged checkout must hold exactly
 * that (and empty the cart), and the cart left at the end must be that. A
 * lost answer makes the cart unknown until a read made after that change
 * can no longer land (history.ts `settled`).
 */
import type { DbState, Scope, Violation } from './check-basics.ts';
import { type Answer, type HistoryRecord, type Line, settled } from './history.ts';

type Cart = Map<number, number>;

const asLines = (cart: Cart): Line[] =>
  [...cart].map(([variantId, quantity]) => ({ variantId, quantity })).sort((a, b) => a.variantId - b.variantId);
const sorted = (lines: Line[]) =>
  lines.map(({ variantId, quantity }) => ({ variantId, quantity })).sort((a, b) => a.variantId - b.variantId);
const show = (lines: Line[]) => JSON.stringify(lines.map((line) => [line.variantId, line.quantity]));

/** The cart after an acknowledged change. */
function apply(cart: Cart, record: HistoryRecord): void {
  const { op } = record;
  if (op.kind === 'cartAdd') cart.set(op.variantId, (cart.get(op.variantId) ?? 0) + op.quantity);
  else if (op.kind === 'cartSet' && op.quantity > 0) cart.set(op.variantId, op.quantity);
  else if (op.kind === 'cartSet' || op.kind === 'cartRemove') cart.delete(op.variantId);
  else if (op.kind === 'cartClear' || op.kind === 'checkout') cart.clear();
}

const CART_OPS = new Set(['cartAdd', 'cartSet', 'cartRemove', 'cartClear', 'cartGet', 'checkout']);

export function cartChecks(records: HistoryRecord[], db: DbState, scope: Scope): Violation[] {
  const violations: Violation[] = [];
  const carts = new Map<number, { cart: Cart | undefined; lost: Answer[] }>();
  const keysSeen = new Set<string>();
  for (const record of records) {
    const { op, answer, seq } = record;
    if (!CART_OPS.has(op.kind) || !('customerId' in op) || op.customerId === undefined) continue;
    const customerId = op.customerId;
    const state = carts.get(customerId) ?? { cart: new Map<number, number>(), lost: [] as Answer[] };
    carts.set(customerId, state);
    if (op.kind === 'cartGet') {
      if (answer.outcome !== 'acknowledged') continue;
      const read = sorted(answer.data?.cart ?? []);
      if (state.cart && show(read) !== show(asLines(state.cart))) {
        violations.push({
          rule: 'cart-differs',
          message: `customer ${customerId} read cart ${show(read)}; the answers so far imply ${show(asLines(state.cart))}`,
          customerId,
          seq,
        });
      }
      if (!state.cart && state.lost.every((lost) => settled(lost, scope.outages, answer.startedAt))) {
        state.cart = new Map(read.map((line) => [line.variantId, line.quantity]));
        state.lost = [];
      }
      continue;
    }
    const firstAttempt = op.kind !== 'checkout' || !keysSeen.has(`${customerId}:${op.key}`);
    if (op.kind === 'checkout') keysSeen.add(`${customerId}:${op.key}`);
    if (answer.outcome === 'unknown') {
      state.cart = undefined;
      state.lost.push(answer);
    } else if (answer.outcome === 'acknowledged' && state.cart) {
      const order = answer.data?.order;
      if (op.kind === 'checkout' && firstAttempt && order && show(sorted(order.items)) !== show(asLines(state.cart))) {
        violations.push({
          rule: 'checkout-not-cart',
          message: `order ${order.id} holds ${show(sorted(order.items))}; the cart held ${show(asLines(state.cart))}`,
          orderId: order.id,
          key: op.key,
          customerId,
          seq,
        });
      }
      if (firstAttempt) apply(state.cart, record);
      else state.cart = undefined;
    }
  }
  const stored = new Map<number, Line[]>();
  for (const line of db.carts) stored.set(line.userId, [...(stored.get(line.userId) ?? []), line]);
  for (const customerId of scope.customers) {
    const cart = carts.get(customerId)?.cart ?? new Map();
    if (carts.get(customerId) && !carts.get(customerId)?.cart) continue;
    const now = sorted(stored.get(customerId) ?? []);
    if (show(now) !== show(asLines(cart))) {
      violations.push({
        rule: 'cart-differs',
        message: `customer ${customerId} ends with cart ${show(now)}; the answers imply ${show(asLines(cart))}`,
        customerId,
      });
    }
  }
  return violations;
}
