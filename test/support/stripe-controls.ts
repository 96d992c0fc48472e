/**
 * What the local Stripe server (stripe-server.ts, Node) tells and takes from
 * the tests that drive it (the Worker tests, in workerd): types only, so both
 * projects can import them.
 */

export type StripeServerStats = {
  /** Refund objects made, by PaymentIntent: a retried call that replays is not a new one. */
  refundsByPaymentIntent: Record<string, number>;
  /** Every Idempotency-Key a POST carried, with how often it came. */
  idempotencyKeys: Record<string, number>;
  sessionsCreated: number;
  /** Requests by "METHOD /path-pattern". */
  requests: Record<string, number>;
};

/**
 * The next `times` calls that create refunds (or sessions) fail: `unavailable`
 * answers 503 before making anything; `lose-answer` makes the object, then
 * drops the connection.
 */
export type StripeFault = { mode: 'unavailable' | 'lose-answer'; times: number };
export type StripeFaults = { refunds?: StripeFault; sessions?: StripeFault };
