/**
 * The Stripe SDK as the Worker uses it: one client per isolate and settings,
 * on the SDK's fetch HTTP client (Workers have no Node `http`), and the one
 * reading of what a failed call means. Every POST this provider makes carries
 * an idempotency key derived from our own row, written before the call; GETs
 * need none.
 *
 * @example
 * const stripe = stripeClient(config.stripe);
 * await stripe.refunds.create(params, { idempotencyKey: refund.idempotencyKey });
 */
import Stripe from 'stripe';
import type { Config, StripeSettings } from '../../../env.ts';
import { DomainError } from '../../domain-error.ts';

/** A Stripe call slower than this fails, and what it was for is retried by the cron. */
const STRIPE_TIMEOUT_MS = 10_000;
/** The SDK's own retries of a connection failure, a 409 or a 5xx, each with the same idempotency key. */
const STRIPE_NETWORK_RETRIES = 2;

const clients = new WeakMap<StripeSettings, Stripe>();

export function stripeClient(settings: StripeSettings): Stripe {
  let client = clients.get(settings);
  if (!client) {
    const api = settings.apiUrl;
    client = new Stripe(settings.secretKey, {
      httpClient: Stripe.createFetchHttpClient(),
      timeout: STRIPE_TIMEOUT_MS,
      maxNetworkRetries: STRIPE_NETWORK_RETRIES,
      ...(api && {
        host: api.hostname,
        port: api.port || (api.protocol === 'https:' ? 443 : 80),
        protocol: api.protocol === 'https:' ? 'https' : 'http',
      }),
    });
    clients.set(settings, client);
  }
  return client;
}

/** The signature check for webhooks: SubtleCrypto, the only HMAC a Worker has (made once, it holds no key). */
export const webhookCrypto: ReturnType<typeof Stripe.createSubtleCryptoProvider> = Stripe.createSubtleCryptoProvider();

export { Stripe };

/** The configured client, or the refusal a shop without Stripe gives to card payments. */
export function requireStripe(config: Pick<Config, 'stripe'>): Stripe {
  if (!config.stripe) {
    throw new DomainError(
      'PAYMENT_METHOD_UNAVAILABLE',
      'Card payments are not set up in this shop; choose bank transfer or cash on delivery',
    );
  }
  return stripeClient(config.stripe);
}

/**
 * Whether Stripe refused the request itself (a 4xx other than 409 and 429):
 * asking again with the same key would be refused again. Anything else (no
 * answer, a timeout, 409, 429, 5xx, a bad key) may succeed later.
 */
export function isRefusal(error: unknown): boolean {
  if (!(error instanceof Stripe.errors.StripeError)) return false;
  const status = error.statusCode ?? 0;
  return status >= 400 && status < 500 && ![401, 403, 409, 429].includes(status);
}

/** The error a shopper gets when Stripe cannot be reached now; an order placed is kept and holds its stock. */
export function providerUnavailable(orderId?: number): DomainError {
  if (orderId === undefined) {
    return new DomainError(
      'PAYMENT_PROVIDER_UNAVAILABLE',
      'Stripe could not be reached just now; try again in a moment',
    );
  }
  return new DomainError(
    'PAYMENT_PROVIDER_UNAVAILABLE',
    `The card payment page could not be opened just now; order ${orderId} is placed and holds its stock: try again in a moment (payments.cardSession)`,
    { orderId },
  );
}

/** A failed call as one log line: Stripe's error type, status and message, never its request or headers. */
export function failure(error: unknown): string {
  if (error instanceof Stripe.errors.StripeError) {
    return `${error.type} ${error.statusCode ?? 'no answer'}${error.code ? ` ${error.code}` : ''}: ${error.message}`;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
