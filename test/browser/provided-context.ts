/**
 * What global-setup.ts (the Node tools' project) hands to the browser tests
 * (whose project also knows the DOM) through `inject`. Its own file, so both
 * TypeScript projects see it.
 */
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    storefrontUrl: string;
    /** The stack's local libSQL server, for its request counters. */
    storefrontDbUrl: string;
    /** That server's bearer token, made for this run. */
    storefrontDbAuthToken: string;
    storefrontAdmin: { email: string; password: string };
    /** The local Stripe server the stack's Worker calls, its secret key and the webhook signing secret. */
    stripeApiUrl: string;
    stripeSecretKey: string;
    stripeWebhookSecret: string;
  }
}
