/**
 * A local stand-in for the few Stripe API endpoints Stockroom calls, so the
 * real `stripe` SDK can be tested without the internet (Stripe's API is out
 * of reach here). It answers as Stripe's documentation says (objects from
 * stripe-objects.ts, errors as `{ error: { type, message, code, param } }`),
 * checks the secret key, and keeps Stripe's idempotency rule: a POST with an
 * Idempotency-Key seen before gets the first answer again (and
 * `Idempotent-Replayed: true`), or a 400 `idempotency_error` when its
 * parameters differ. Like Stripe, it saves successful answers; unlike
 * Stripe, not errors, and keys never expire.
 *
 * Endpoints: POST /v1/checkout/sessions, GET /v1/checkout/sessions/:id,
 * POST /v1/checkout/sessions/:id/expire, POST /v1/refunds, GET /v1/refunds/:id.
 * Test controls (same key): POST /_test/sessions/:id/pay (the shopper pays),
 * POST /_test/faults `{ refunds?, sessions?: { mode, times } }` (the next
 * calls creating one fail: `unavailable` answers 503 before making anything,
 * `lose-answer` makes it and then drops the connection), GET /_test/stats.
 * Each session's `url` is this server's stand-in for Stripe's hosted page
 * (GET /c/pay/:id, no key: stripe-hosted-page.ts), where a browser pays it.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StripeFaults, StripeServerStats } from './stripe-controls.ts';
import { answerHostedPage, HOSTED_PAGE_PATH } from './stripe-hosted-page.ts';
import {
  type Form,
  invalid,
  missing,
  newRefund,
  newSession,
  parseForm,
  type Refund,
  type Session,
  StripeApiError,
  stripeId,
} from './stripe-objects.ts';

export type StripeServer = { url: string; close(): Promise<void> };

type Answer = { status: number; body: unknown };
type Payment = { sessionId: string; amount: number; refunded: number; currency: string };

export async function startStripeServer(options: { secretKey: string; port?: number }): Promise<StripeServer> {
  const sessions = new Map<string, Session>();
  const refunds = new Map<string, Refund>();
  const payments = new Map<string, Payment>();
  const saved = new Map<string, { fingerprint: string; answer: Answer }>();
  const stats: StripeServerStats = {
    refundsByPaymentIntent: {},
    idempotencyKeys: {},
    sessionsCreated: 0,
    requests: {},
  };
  let faults: StripeFaults = {};
  let baseUrl = '';

  const session = (id: string) => {
    const found = sessions.get(id);
    if (!found) throw missing('checkout.session', id, 'session');
    return found;
  };

  function createRefund(form: Form): Refund {
    const intent = typeof form.payment_intent === 'string' ? form.payment_intent : '';
    const payment = payments.get(intent);
    if (!payment)
      throw invalid(`No such payment_intent: '${intent}'`, { code: 'resource_missing', param: 'payment_intent' });
    const left = payment.amount - payment.refunded;
    const amount = form.amount === undefined ? left : Number(form.amount);
    if (left === 0)
      throw invalid(`Charge ch_${intent.slice(3)} has already been refunded.`, { code: 'charge_already_refunded' });
    if (!Number.isInteger(amount) || amount < 1 || amount > left) {
      throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, {
        code: 'amount_too_large',
        param: 'amount',
      });
    }
    const refund = newRefund(form, intent, amount, payment.currency);
    payment.refunded += amount;
    refunds.set(refund.id, refund);
    stats.refundsByPaymentIntent[intent] = (stats.refundsByPaymentIntent[intent] ?? 0) + 1;
    return refund;
  }

  /** The API proper: an answer for a method, path and form, or a StripeApiError. */
  function route(method: string, path: string, form: Form): Answer {
    const ok = (body: unknown) => ({ status: 200, body });
    const id = (pattern: RegExp) => pattern.exec(path)?.[1];
    const sessionId = id(/^\/v1\/checkout\/sessions\/(\w+)$/);
    const expiring = id(/^\/v1\/checkout\/sessions\/(\w+)\/expire$/);
    const refundId = id(/^\/v1\/refunds\/(\w+)$/);
    const paying = id(/^\/_test\/sessions\/(\w+)\/pay$/);
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const created = newSession(form, baseUrl);
      sessions.set(created.id, created);
      stats.sessionsCreated += 1;
      return ok(created);
    }
    if (method === 'GET' && sessionId) return ok(session(sessionId));
    if (method === 'POST' && expiring) {
      const found = session(expiring);
      if (found.status !== 'open') {
        throw invalid(
          `Only Checkout Sessions with a status in ["open"] can be expired. This session has a status of ${found.status}.`,
        );
      }
      found.status = 'expired';
      return ok(found);
    }
    if (method === 'POST' && path === '/v1/refunds') return ok(createRefund(form));
    if (method === 'GET' && refundId) {
      const found = refunds.get(refundId);
      if (!found) throw missing('refund', refundId, 'id');
      return ok(found);
    }
    if (method === 'POST' && paying) return ok(pay(session(paying)));
    if (method === 'POST' && path === '/_test/faults') {
      faults = form as unknown as StripeFaults;
      return ok(faults);
    }
    if (method === 'GET' && path === '/_test/stats') return ok(stats);
    throw new StripeApiError(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}).`,
    });
  }

  /** The shopper pays on the session's page: it completes, paid, with a new PaymentIntent. */
  function pay(found: Session): Session {
    if (found.status !== 'open') throw invalid(`This Checkout Session is ${found.status} and cannot be paid.`);
    const intent = stripeId('pi');
    Object.assign(found, {
      status: 'complete',
      payment_status: 'paid',
      payment_intent: intent,
      customer_details: {
        email: found.customer_email,
        name: null,
        phone: null,
        address: null,
        tax_exempt: 'none',
        tax_ids: [],
      },
    });
    payments.set(intent, { sessionId: found.id, amount: found.amount_total, refunded: 0, currency: found.currency });
    return found;
  }

  /** Stripe's idempotency around `route`: the first successful answer for a key is the answer for it. */
  function idempotent(key: string | undefined, method: string, path: string, raw: string, form: Form): Answer {
    if (!key || method !== 'POST') return route(method, path, form);
    stats.idempotencyKeys[key] = (stats.idempotencyKeys[key] ?? 0) + 1;
    const fingerprint = createHash('sha256').update(`${method} ${path}\n${raw}`).digest('hex');
    const earlier = saved.get(key);
    if (earlier && earlier.fingerprint !== fingerprint) {
      throw new StripeApiError(400, {
        type: 'idempotency_error',
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    }
    if (earlier) return earlier.answer;
    const answer = route(method, path, form);
    saved.set(key, { fingerprint, answer });
    return answer;
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', baseUrl);
    const method = request.method ?? 'GET';
    const pattern = url.pathname.replace(/\/(cs|re|pi)_\w+/g, '/:id');
    stats.requests[`${method} ${pattern}`] = (stats.requests[`${method} ${pattern}`] ?? 0) + 1;
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', 'request-id': stripeId('req', 14), ...headers });
      response.end(JSON.stringify(body));
    };
    const hosted = HOSTED_PAGE_PATH.exec(url.pathname)?.[1];
    if (hosted) return answerHostedPage(method, sessions.get(hosted), pay, response);
    if (request.headers.authorization !== `Bearer ${options.secretKey}`) {
      return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } });
    }
    const form = request.headers['content-type']?.includes('json') ? (JSON.parse(raw || '{}') as Form) : parseForm(raw);
    const key = request.headers['idempotency-key'] as string | undefined;
    const creates =
      method === 'POST' ? { '/v1/refunds': faults.refunds, '/v1/checkout/sessions': faults.sessions } : {};
    const armed = creates[url.pathname as keyof typeof creates];
    const fault = armed && armed.times > 0 ? armed.mode : undefined;
    if (armed && fault) armed.times -= 1;
    if (fault === 'unavailable') return send(503, { error: { type: 'api_error', message: 'Unavailable' } });
    try {
      const replayed = key !== undefined && saved.has(key);
      const answer = idempotent(key, method, url.pathname, raw, form);
      if (fault === 'lose-answer') return void response.socket?.destroy();
      send(answer.status, answer.body, replayed ? { 'idempotent-replayed': 'true' } : {});
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      send(error.status, { error: error.body });
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { type: 'api_error', message: String(error) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
