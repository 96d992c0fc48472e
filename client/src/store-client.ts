/**
 * The small typed client for Stockroom's API, for storefronts, scripts and
 * tests. It imports the server's router as a type only, so no server code is
 * bundled.
 *
 * @example
 * const store = createStoreClient({ url: 'https://shop.example/trpc', token });
 * const { items } = await store.catalog.products.query({ limit: 20 });
 */
import { createTRPCClient, httpBatchLink, httpLink } from '@trpc/client';
import { MAX_CALLS_PER_REQUEST } from '../../src/shared/limits.ts';
import type { AppRouter } from '../../src/trpc/router.ts';

export type StoreClientOptions = {
  /** The tRPC endpoint, e.g. `http://localhost:8787/trpc`. */
  url: string;
  /** A token from `auth.signIn` / `auth.signUp`, sent as `Authorization: Bearer`. */
  token?: string | (() => string | null | undefined);
  /** A guest's cart token (from the first `cart.add`), sent as `X-Cart-Token` when there is no bearer token. */
  cartToken?: string | (() => string | null | undefined);
  /** Combine concurrent calls into one HTTP request (default true). */
  batch?: boolean;
  /** A fetch to use instead of the global one (tests pass the Worker's). */
  fetch?: typeof fetch;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
};

export function createStoreClient(options: StoreClientOptions) {
  const headers = () => {
    const token = typeof options.token === 'function' ? options.token() : options.token;
    const cartToken = typeof options.cartToken === 'function' ? options.cartToken() : options.cartToken;
    return {
      ...options.headers,
      ...(token ? { authorization: `Bearer ${token}` } : cartToken ? { 'x-cart-token': cartToken } : {}),
    };
  };
  const linkOptions = { url: options.url, headers, fetch: options.fetch };
  return createTRPCClient<AppRouter>({
    links: [
      options.batch === false
        ? httpLink(linkOptions)
        : // The server refuses a batch of more calls; the link splits larger ones into several requests.
          httpBatchLink({ ...linkOptions, maxItems: MAX_CALLS_PER_REQUEST }),
    ],
  });
}

export type StoreClient = ReturnType<typeof createStoreClient>;
