/**
 * The request context. Its inner part needs no HTTP request, so tests and
 * scripts can build one; the Hono adapter fills it from the request.
 */
import type { Context as HonoContext } from 'hono';
import type { Bindings } from '../env.ts';

export type RequestMeta = {
  requestId: string;
  /** From CF-Connecting-IP, which Cloudflare sets and clients cannot forge at the edge. */
  clientIp: string | null;
};

export type InnerContext = RequestMeta & {
  env: Bindings;
  bearerToken: string | null;
};

export function createInnerContext(input: InnerContext): InnerContext {
  return input;
}

const BEARER = /^Bearer\s+(\S+)$/i;

export function createContextFromHono(c: HonoContext<{ Bindings: Bindings; Variables: { requestId: string } }>) {
  const authorization = c.req.header('authorization') ?? '';
  return createInnerContext({
    env: c.env,
    requestId: c.get('requestId'),
    clientIp: c.req.header('cf-connecting-ip') ?? null,
    bearerToken: BEARER.exec(authorization)?.[1] ?? null,
  });
}

export type Context = InnerContext;
