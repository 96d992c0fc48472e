/**
 * The contended workload: customers, each one request at a time as a shopper
 * is, filling carts and checking out, placing orders from explicit lines,
 * cancelling, replaying idempotency keys and reading their orders (and
 * probing other customers'), all on a handful of hot variants with little
 * stock; beside them admins restock, adjust and move orders along. Every
 * operation and its answer goes into the history.
 *
 * A client that gets no answer retries: an order whose answer was lost is
 * sent again with the same key, and a cart whose last change was lost is
 * read again once that change can no longer land (see `settled`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Customer } from '../local-stack/customers.ts';
import { ORDER_STATUSES } from '../src/shared/order-status.ts';
import { type Answer, type History, type Line, type Operation, settled } from './history.ts';
import { type Api, perform } from './operations.ts';

/** Thrown when the run's time or request budget is spent, to end a loop between two requests. */
class Stop extends Error {}

export type WorkloadPlan = {
  api: Api;
  history: History;
  customers: Customer[];
  hot: number[];
  cold: number[];
  admins: number;
  runTag: string;
  /** The hot discount code, and the price of every workload variant (the shipping method is free and untaxed). */
  hotCode: string;
  unitPriceCents: number;
  random: () => number;
  /** Takes one request from the run's budget; false once the run is over. */
  take: () => boolean;
};

type OrderOp = Extract<Operation, { kind: 'checkout' | 'createOrder' }>;
type WorkloadOp = Exclude<Operation, { kind: 'hostile' }>;

/** Lost order answers are retried this often at most, a little apart. */
const RETRIES = 5;
const RETRY_PAUSE_MS = 300;
/** After an answer that was lost (most often a 503 while the database is down), a client waits before its next request. */
const BACKOFF_MS = { min: 100, max: 400 };
/** Orders an admin still acts on: pending ones are paid, accepted or cancelled; confirmed ones may be cancelled. */
const OPEN_STATUSES = new Set(['pending', 'confirmed']);

type KnownOrder = { id: number; customerId: number; status: string; totalCents: number };

export class Workload {
  /** Acknowledged orders, their owners and last status told, for admins to move along and for cross-customer probes. */
  readonly orders: KnownOrder[] = [];
  private readonly known = new Map<number, KnownOrder>();
  contended = 0;
  private tagCount = 0;

  private readonly plan: WorkloadPlan;

  constructor(plan: WorkloadPlan) {
    this.plan = plan;
  }

  run(): Promise<unknown> {
    const customers = this.plan.customers.map((customer) => this.customer(customer).catch(stopped));
    const admins = Array.from({ length: this.plan.admins }, () => this.admin().catch(stopped));
    return Promise.all([...customers, ...admins]);
  }

  private async act(op: WorkloadOp): Promise<Answer> {
    if (!this.plan.take()) throw new Stop();
    if (op.kind === 'checkout' || op.kind === 'createOrder') this.contended++;
    const answer = await perform(this.plan.api, op);
    this.plan.history.add(op, answer);
    const order = answer.data?.order;
    if (order) {
      const known = this.known.get(order.id);
      if (known) known.status = order.status;
      else {
        const added = {
          id: order.id,
          customerId: order.customerId,
          status: order.status,
          totalCents: order.totalCents,
        };
        this.known.set(order.id, added);
        this.orders.push(added);
      }
    }
    if (answer.outcome === 'unknown') {
      await sleep(BACKOFF_MS.min + (BACKOFF_MS.max - BACKOFF_MS.min) * this.plan.random());
    }
    return answer;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.plan.random() * items.length)] as T;
  }

  /** 1-3 lines, the first on a hot variant, the rest hot or plentiful, 1-3 units each. */
  private lines(): Line[] {
    const count = 1 + Math.floor(this.plan.random() * 3);
    const variants = new Set([this.pick(this.plan.hot)]);
    while (variants.size < count) variants.add(this.pick(this.plan.random() < 0.5 ? this.plan.hot : this.plan.cold));
    return [...variants].map((variantId) => ({ variantId, quantity: 1 + Math.floor(this.plan.random() * 3) }));
  }

  /** An order's total at the fixture prices: free, untaxed shipping and no code. */
  private totalOf(lines: Line[]): number {
    return lines.reduce((sum, line) => sum + line.quantity * this.plan.unitPriceCents, 0);
  }

  /** Explicit lines, half the time with the hot code (then unpriced: only the batch knows the discount). */
  private createOp(customerId: number, key: string): Extract<Operation, { kind: 'createOrder' }> {
    const items = this.lines();
    return this.plan.random() < 0.3
      ? { kind: 'createOrder', customerId, key, items, discountCode: this.plan.hotCode }
      : { kind: 'createOrder', customerId, key, items, expectedTotalCents: this.totalOf(items) };
  }

  /** The cart quoted (with the hot code half the time, without it once the code is refused), then placed at that total. */
  private async checkout(customerId: number, key: string, order: (op: OrderOp) => Promise<Answer>): Promise<void> {
    let discountCode = this.plan.random() < 0.5 ? this.plan.hotCode : undefined;
    let quote = await this.act({ kind: 'quote', customerId, discountCode });
    if (discountCode && quote.reason?.startsWith('DISCOUNT_')) {
      discountCode = undefined;
      quote = await this.act({ kind: 'quote', customerId });
    }
    const expectedTotalCents = quote.data?.quoteTotalCents;
    if (expectedTotalCents === undefined) return;
    await order({ kind: 'checkout', customerId, key, discountCode, expectedTotalCents });
  }

  private async customer(customer: Customer): Promise<void> {
    const customerId = customer.id;
    const own: number[] = [];
    const lostOrders: Array<{ op: OrderOp; tries: number }> = [];
    let lostCartChanges: Answer[] = [];
    let lastCreate: Extract<Operation, { kind: 'createOrder' }> | undefined;
    let n = 0;
    const key = () => `${this.plan.runTag}-${customerId}-${n++}`;
    const cartChange = async (op: WorkloadOp) => {
      const answer = await this.act(op);
      if (answer.outcome === 'unknown') lostCartChanges.push(answer);
      return answer;
    };
    const order = async (op: OrderOp) => {
      const answer = op.kind === 'checkout' ? await cartChange(op) : await this.act(op);
      if (answer.outcome === 'unknown') lostOrders.push({ op, tries: 0 });
      if (answer.data?.order) own.push(answer.data.order.id);
      // Told to cancel a waiting order first, as the refusal says, before the next one.
      const waiting = own.filter((id) => this.known.get(id)?.status === 'pending');
      if (answer.reason === 'TOO_MANY_PENDING_ORDERS' && waiting.length > 0) {
        await this.act({ kind: 'cancel', customerId, orderId: this.pick(waiting) });
      }
      return answer;
    };
    for (;;) {
      const now = performance.now() - this.plan.api.t0;
      if (
        lostCartChanges.length > 0 &&
        lostCartChanges.every((lost) => settled(lost, this.plan.history.outages, now))
      ) {
        if ((await this.act({ kind: 'cartGet', customerId })).outcome === 'acknowledged') lostCartChanges = [];
      }
      const lost = lostOrders[0];
      if (lost) {
        await sleep(RETRY_PAUSE_MS);
        const answer = lost.op.kind === 'checkout' ? await cartChange(lost.op) : await this.act(lost.op);
        if (answer.data?.order) own.push(answer.data.order.id);
        if (answer.outcome !== 'unknown' || ++lost.tries >= RETRIES) lostOrders.shift();
        continue;
      }
      const r = this.plan.random();
      if (r < 0.4) {
        const lines = this.lines();
        for (const line of lines) await cartChange({ kind: 'cartAdd', customerId, ...line });
        if (this.plan.random() < 0.15) {
          const line = this.pick(lines);
          await cartChange(
            this.plan.random() < 0.5
              ? { kind: 'cartSet', customerId, variantId: line.variantId, quantity: Math.floor(this.plan.random() * 4) }
              : { kind: 'cartRemove', customerId, variantId: line.variantId },
          );
        }
        await this.checkout(customerId, key(), order);
      } else if (r < 0.7) {
        lastCreate = this.createOp(customerId, key());
        await order(lastCreate);
      } else if (r < 0.78 && own.length > 0) {
        await this.act({ kind: 'cancel', customerId, orderId: this.pick(own.slice(-10)) });
      } else if (r < 0.82 && lastCreate) {
        // A replay must return the same order; the key with other lines must be refused.
        const other = this.createOp(customerId, lastCreate.key);
        await order(this.plan.random() < 0.5 ? lastCreate : other);
      } else if (r < 0.9) {
        const reads: WorkloadOp[] = [
          { kind: 'cartGet', customerId },
          { kind: 'ordersMine', customerId },
        ];
        if (own.length > 0) reads.push({ kind: 'orderGet', customerId, orderId: this.pick(own) });
        await this.act(this.pick(reads));
      } else if (r < 0.95 && this.orders.length > 0) {
        await this.act({ kind: 'orderGet', customerId, orderId: this.pick(this.orders).id });
      } else {
        await cartChange({ kind: 'cartClear', customerId });
      }
    }
  }

  private tag(kind: string): string {
    return `${this.plan.runTag}-${kind}-${this.tagCount++}`;
  }

  private async admin(): Promise<void> {
    for (;;) {
      const r = this.plan.random();
      const open = this.orders.slice(-300).filter((order) => OPEN_STATUSES.has(order.status));
      if (r < 0.25 || this.orders.length === 0) {
        const quantity = 1 + Math.floor(this.plan.random() * 10);
        await this.act({ kind: 'restock', variantId: this.pick(this.plan.hot), quantity, tag: this.tag('restock') });
      } else if (r < 0.35) {
        const size = 1 + Math.floor(this.plan.random() * 8);
        const delta = this.plan.random() < 0.5 ? -size : size;
        await this.act({ kind: 'adjust', variantId: this.pick(this.plan.hot), delta, tag: this.tag('adjust') });
      } else if (r < 0.85 && open.length > 0) {
        await this.moveAlong(this.pick(open));
      } else {
        // Any order, any status: some of these moves are invalid and must be refused.
        const recent = this.orders.slice(-200);
        const status = this.pick(ORDER_STATUSES);
        const expectedStatus = this.plan.random() < 0.3 ? this.pick(ORDER_STATUSES) : undefined;
        await this.act({ kind: 'updateStatus', orderId: this.pick(recent).id, status, expectedStatus });
      }
    }
  }

  /**
   * An open order moved on as an admin would: a pending one paid (for its
   * total; now and then for a wrong amount, which must be refused), accepted
   * unpaid or cancelled; a confirmed one cancelled (a paid one gets its
   * refund) or paid. Status changes are often a compare-and-set on the status last told.
   */
  private async moveAlong(order: KnownOrder): Promise<void> {
    const r = this.plan.random();
    const expectedStatus = this.plan.random() < 0.5 ? order.status : undefined;
    if (r < 0.5) {
      const amountCents = this.plan.random() < 0.05 ? order.totalCents + 1 : order.totalCents;
      await this.act({ kind: 'recordPayment', orderId: order.id, amountCents, reference: this.tag('payment') });
    } else if (r < 0.75 && order.status === 'pending') {
      await this.act({ kind: 'updateStatus', orderId: order.id, status: 'confirmed', expectedStatus });
    } else {
      await this.act({ kind: 'updateStatus', orderId: order.id, status: 'cancelled', expectedStatus });
    }
  }
}

function stopped(error: unknown): void {
  if (!(error instanceof Stop)) throw error;
}
