/**
 * What global-setup.ts (run by vitest in Node) hands to the Worker tests (run
 * in workerd) through `inject`. Its own file, so both TypeScript projects see it.
 */
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    dbUrl: string;
    dbAuthToken: string;
    adminEmail: string;
    adminPassword: string;
    /** The fixture shipping method: free, untaxed, to IS (FIXTURE_ADDRESS) and NO (TYPED_ADDRESS). */
    fixtureShippingMethodId: number;
    /** The local Stripe server (test/support/stripe-server.ts) and the secrets this run's Worker is bound with. */
    stripeApiUrl: string;
    stripeSecretKey: string;
    stripeWebhookSecret: string;
  }
}
