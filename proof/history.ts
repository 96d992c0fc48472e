/**
 * The proof's history: every operation it sent and the answer it got, in the
 * order sent, classified the way a client must read it. The checker
 * (check.ts) holds the final database against it; the report prints the
 * records that touched whatever broke. Records also stream to a JSON Lines
 * file, so a failed run can be read afterwards in full.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Reply } from '../local-stack/trpc-http.ts';

/**
 * How a client must read an answer: a 2xx took effect; a 4xx with a reason
 * was refused and changed nothing; anything else (a 5xx, a reset, a timeout)
 * may or may not have taken effect.
 */
export type Outcome = 'acknowledged' | 'refused' | 'unknown';

export type Line = { variantId: number; quantity: number };

/** An order as an answer told it, reduced to what the checks compare. */
export type OrderAnswer = {
  id: number;
  status: string;
  customerId: number;
  items: Array<Line & { unitPriceCents: number }>;
  totalCents: number;
};

/** What an acknowledged answer said, reduced to what the checks read. */
export type AnswerData = {
  order?: OrderAnswer;
  cart?: Line[];
  orderIds?: number[];
  customerIds?: number[];
  /** What checkout.quote priced the cart at. */
  quoteTotalCents?: number;
};

export type Answer = {
  outcome: Outcome;
  status: number;
  /** The machine-readable reason of a refusal (or of a 503). */
  reason?: string;
  data?: AnswerData;
  /** Why no HTTP answer came back. */
  failure?: string;
  /** Milliseconds since the run started, when the request left and when its answer was in. */
  startedAt: number;
  endedAt: number;
};

export type Operation =
  | { kind: 'quote'; customerId: number; discountCode?: string }
  | { kind: 'checkout'; customerId: number; key: string; discountCode?: string; expectedTotalCents: number }
  | {
      kind: 'createOrder';
      customerId: number;
      key: string;
      items: Line[];
      discountCode?: string;
      expectedTotalCents?: number;
    }
  | { kind: 'cartAdd'; customerId: number; variantId: number; quantity: number }
  | { kind: 'cartSet'; customerId: number; variantId: number; quantity: number }
  | { kind: 'cartRemove'; customerId: number; variantId: number }
  | { kind: 'cartClear'; customerId: number }
  | { kind: 'cartGet'; customerId: number }
  | { kind: 'cancel'; customerId: number; orderId: number }
  | { kind: 'updateStatus'; orderId: number; status: string; expectedStatus?: string }
  | { kind: 'recordPayment'; orderId: number; amountCents: number; reference: string }
  | { kind: 'restock'; variantId: number; quantity: number; tag: string }
  | { kind: 'adjust'; variantId: number; delta: number; tag: string }
  | { kind: 'orderGet'; customerId: number; orderId: number }
  | { kind: 'ordersMine'; customerId: number }
  /** A generated hostile input (shortened), who sent it, and `leak` when the answer showed internals. */
  | {
      kind: 'hostile';
      procedure: string;
      transport: string;
      caller: string;
      input: string;
      customerId?: number;
      leak?: string;
    };

export type HistoryRecord = { seq: number; op: Operation; answer: Answer };

/** A kill -9 of the database server and its restart, in run milliseconds. */
export type Outage = { killedAt: number; restartingAt: number; restartedAt: number };

/** The reason an error answer carries: the domain reason, else the tRPC or HTTP error code. */
function reasonOf(reply: Reply): string | undefined {
  const error = reply.error as { data?: { reason?: string; code?: string }; code?: string } | undefined;
  return error?.data?.reason ?? error?.data?.code ?? error?.code;
}

/** A reply as a client must take it (see Outcome). */
export function classify(reply: Pick<Reply, 'status' | 'error' | 'failure'>): Pick<Answer, 'outcome' | 'reason'> {
  const reason = reasonOf(reply as Reply);
  if (reply.failure === undefined && reply.status >= 200 && reply.status < 300) return { outcome: 'acknowledged' };
  if (reply.status >= 400 && reply.status < 500 && reason !== undefined) return { outcome: 'refused', reason };
  return { outcome: 'unknown', reason };
}

/** An answer that never came, given up on by the client: the Worker may still act on it for this long. */
export const NO_ANSWER_MARGIN_MS = 10_000;

/**
 * Whether an operation whose answer was lost can no longer take effect at
 * `time`: a kill after its answer ended whatever the database still held of
 * it, or it began and ended while the database was down (nothing received it).
 */
export function settled(answer: Answer, outages: Outage[], time: number): boolean {
  const givenUpAt = answer.endedAt + (answer.status === 0 ? NO_ANSWER_MARGIN_MS : 0);
  return outages.some(
    (outage) =>
      (outage.killedAt > givenUpAt && outage.restartedAt <= time) ||
      (answer.startedAt >= outage.killedAt && answer.endedAt <= outage.restartingAt),
  );
}

/** Whether a request was in flight while the database was down, or within `graceMs` after it came back. */
export function duringOutage(answer: Answer, outages: Outage[], graceMs: number): boolean {
  return outages.some(
    (outage) => answer.startedAt <= outage.restartedAt + graceMs && answer.endedAt >= outage.killedAt,
  );
}

/** The run's history, in memory for the checks and streamed to `file` for reading afterwards. */
export class History {
  readonly records: HistoryRecord[] = [];
  readonly outages: Outage[] = [];
  private readonly out: WriteStream | undefined;

  constructor(file?: string) {
    this.out = file ? createWriteStream(file) : undefined;
  }

  add(op: Operation, answer: Answer): HistoryRecord {
    const record = { seq: this.records.length, op, answer };
    this.records.push(record);
    this.out?.write(`${JSON.stringify(record)}\n`);
    return record;
  }

  addOutage(outage: Outage): void {
    this.outages.push(outage);
    this.out?.write(`${JSON.stringify({ outage })}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.out ? this.out.end(resolve) : resolve()));
  }
}
