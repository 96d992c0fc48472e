/**
 * The request context: what a procedure may know of the request. It is made
 * from the Hono request here and nowhere else, so services never read headers.
 */
import type { Context as HonoContext } from 'hono';

/** The Hono app's environment: the Worker's bindings and the request id middleware's variable. */
export type AppEnv = { Bindings: Env; Variables: { requestId: string } };

export type Context = {
  env: Env;
  requestId: string;
  /** From CF-Connecting-IP, which Cloudflare sets and clients cannot forge at the edge. */
  clientIp: string | null;
  bearerToken: string | null;
  /** A guest's cart token (X-Cart-Token), as the client sent it; checked by shopperProcedure. */
  cartToken: string | null;
  /** The Worker's own origin (it serves the storefront too): where payment pages send the shopper back. */
  origin: string;
};

const BEARER = /^Bearer\s+(\S+)$/i;

export function createContextFromHono<E extends AppEnv>(c: HonoContext<E>): Context {
  const authorization = c.req.header('authorization') ?? '';
  return {
    env: c.env,
    requestId: c.get('requestId'),
    clientIp: c.req.header('cf-connecting-ip') || null,
    bearerToken: BEARER.exec(authorization)?.[1] ?? null,
    cartToken: c.req.header('x-cart-token') || null,
    origin: new URL(c.req.url).origin,
  };
}
