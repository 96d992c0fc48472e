/**
 * The headers every Worker response carries, set in one pass after the
 * handler: the request id, and the security headers that mean something on
 * an API's JSON answers. `hono/secure-headers` adds a dozen aimed at HTML
 * documents (X-XSS-Protection, X-Download-Options, X-DNS-Prefetch-Control,
 * Origin-Agent-Cluster, ...) on every call; the storefront's HTML gets the
 * full set from client/public/_headers, before the Worker runs.
 *
 * @example
 * app.use(apiHeaders());
 */
import type { MiddlewareHandler } from 'hono';

export const API_SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'SAMEORIGIN'],
  ['strict-transport-security', 'max-age=15552000; includeSubDomains'],
  ['referrer-policy', 'no-referrer'],
  ['cross-origin-resource-policy', 'same-origin'],
  ['cross-origin-opener-policy', 'same-origin'],
];

export function apiHeaders<E extends { Variables: { requestId: string } }>(): MiddlewareHandler<E> {
  return async function apiHeadersMiddleware(c, next) {
    await next();
    // Set after the handler: tRPC's own Response would drop headers set before it.
    const { headers } = c.res;
    for (const [name, value] of API_SECURITY_HEADERS) headers.set(name, value);
    headers.set('x-request-id', c.get('requestId'));
  };
}
