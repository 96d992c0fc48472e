/**
 * The objects the local Stripe server answers with, shaped like Stripe's own
 * (the fixtures in github.com/stripe/openapi, openapi/fixtures3.json: a
 * `checkout.session`, a `refund`, an `error`), for the fields the SDK and
 * Stockroom read and the ones around them. Ids look like Stripe's.
 */
import { randomBytes } from 'node:crypto';

export type Form = { [key: string]: string | Form | Form[] | string[] };

export type Session = Record<string, unknown> & {
  id: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'paid' | 'unpaid';
  payment_intent: string | null;
  amount_total: number;
  currency: string;
  expires_at: number;
};

export type Refund = Record<string, unknown> & {
  id: string;
  amount: number;
  payment_intent: string;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled';
};

export const now = () => Math.floor(Date.now() / 1000);

export function stripeId(prefix: string, length = 24): string {
  return `${prefix}_${randomBytes(length).toString('base64url').replace(/[-_]/g, 'x').slice(0, length)}`;
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; message: string; code?: string; param?: string },
  ) {
    super(body.message);
  }
}

export const invalid = (message: string, extra: { code?: string; param?: string } = {}) =>
  new StripeApiError(400, { type: 'invalid_request_error', message, ...extra });

export const missing = (object: string, id: string, param: string) =>
  new StripeApiError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    param,
    message: `No such ${object}: '${id}'`,
  });

/** A form field, one level of `a[b]` deep, or undefined. */
export function field(form: Form, ...path: Array<string | number>): string | undefined {
  let value: unknown = form;
  for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' ? value : undefined;
}

export function integer(form: Form, param: string, ...path: Array<string | number>): number {
  const raw = field(form, ...path);
  if (raw === undefined || !/^-?\d+$/.test(raw)) throw invalid(`Invalid integer: ${raw ?? ''}`, { param });
  return Number(raw);
}

/** A Checkout Session as POST /v1/checkout/sessions creates it (mode payment, hosted). */
export function newSession(form: Form, baseUrl: string): Session {
  if (field(form, 'mode') !== 'payment') throw invalid('This server only knows mode=payment', { param: 'mode' });
  const lines = (form.line_items ?? []) as Form[];
  if (!Array.isArray(lines) || lines.length === 0) {
    throw invalid('You must provide at least one line item', { param: 'line_items' });
  }
  const currency = field(form, 'line_items', 0, 'price_data', 'currency');
  if (!currency) throw invalid('Missing required param: line_items[0][price_data][currency].', { param: 'currency' });
  const amount = lines.reduce(
    (sum, _line, i) =>
      sum +
      integer(form, 'unit_amount', 'line_items', i, 'price_data', 'unit_amount') *
        integer(form, 'quantity', 'line_items', i, 'quantity'),
    0,
  );
  const created = now();
  const expiresAt = form.expires_at === undefined ? created + 24 * 3600 : integer(form, 'expires_at', 'expires_at');
  if (expiresAt < created + 30 * 60) {
    throw invalid('The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.', {
      param: 'expires_at',
    });
  }
  if (expiresAt > created + 24 * 3600) {
    throw invalid('The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.', {
      param: 'expires_at',
    });
  }
  const id = stripeId('cs_test', 58);
  return {
    id,
    object: 'checkout.session',
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: amount,
    amount_total: amount,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: field(form, 'cancel_url') ?? null,
    client_reference_id: field(form, 'client_reference_id') ?? null,
    client_secret: null,
    consent: null,
    consent_collection: null,
    created,
    currency,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: null,
    customer_creation: 'if_required',
    customer_details: null,
    customer_email: field(form, 'customer_email') ?? null,
    discounts: [],
    expires_at: expiresAt,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    metadata: (form.metadata as Record<string, string> | undefined) ?? {},
    mode: 'payment',
    payment_intent: null,
    payment_link: null,
    payment_method_collection: 'if_required',
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    phone_number_collection: { enabled: false },
    recovered_from: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: field(form, 'success_url') ?? null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted',
    url: `${baseUrl}/c/pay/${id}`,
  };
}

/** A refund as POST /v1/refunds creates it; card refunds succeed at once. */
export function newRefund(form: Form, paymentIntent: string, amount: number, currency: string): Refund {
  return {
    id: stripeId('re'),
    object: 'refund',
    amount,
    balance_transaction: stripeId('txn'),
    charge: `ch_${paymentIntent.slice(3)}`,
    created: now(),
    currency,
    destination_details: { card: { type: 'refund' }, type: 'card' },
    metadata: (form.metadata as Record<string, string> | undefined) ?? {},
    payment_intent: paymentIntent,
    reason: field(form, 'reason') ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
}

/** `a[b][0][c]=x` form fields as nested objects, numbered keys as arrays (the SDK's encoding). */
export function parseForm(body: string): Form {
  const root: Form = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(/\[|\]\[|\]/).filter((part) => part !== '');
    let node: Record<string, unknown> = root;
    path.forEach((part, i) => {
      if (i === path.length - 1) {
        node[part] = value;
        return;
      }
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return arraysOf(root) as Form;
}

function arraysOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([key, inner]) => [key, arraysOf(inner)] as const);
  const numbered = entries.length > 0 && entries.every(([key]) => /^\d+$/.test(key));
  if (!numbered) return Object.fromEntries(entries);
  return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, inner]) => inner);
}
