/**
 * The one tRPC initialization: the error shape, the error middleware that
 * gives every failure its status, and the procedures every router builds on
 * (public, viewer, shopper, authed, admin). Nothing else calls initTRPC.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { Actor } from '../db/audit.ts';
import { databaseFor } from '../db/client.ts';
import { readConfig } from '../env.ts';
import { requireAdmin, signedInUser } from '../modules/auth/bearer.ts';
import { type TokenUser, verifyToken } from '../modules/auth/token.ts';
import { CART_TOKEN_PATTERN, type CartOwner, cartNotFound, guestOwner, userOwner } from '../modules/cart/cart-owner.ts';
import { DomainError } from '../modules/domain-error.ts';
import type { ErrorData } from '../shared/error-data.ts';
import type { Context } from './context.ts';
import { asDomainError, REASON_STATUS } from './error-status.ts';

const INTERNAL_MESSAGE = 'Internal server error';

/** A readable line per problem, e.g. "idempotencyKey: Idempotency key must be at least 8 characters". */
function describeIssues(error: ZodError): string {
  const lines = error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`);
  const more = error.issues.length - lines.length;
  return `Invalid input: ${lines.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

const t = initTRPC.context<Context>().create({
  // Never echo internals: a 500's own message may hold SQL or a path.
  isDev: false,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const invalidInput = cause instanceof ZodError;
    const data: ErrorData = {
      code: shape.data.code,
      httpStatus: shape.data.httpStatus,
      path: shape.data.path,
      reason: cause instanceof DomainError ? cause.reason : invalidInput ? 'INVALID_INPUT' : undefined,
      details: cause instanceof DomainError ? cause.details : undefined,
      issues: invalidInput ? cause.issues.map(({ path, message, code }) => ({ path, message, code })) : undefined,
    };
    const message =
      error.code === 'INTERNAL_SERVER_ERROR' ? INTERNAL_MESSAGE : invalidInput ? describeIssues(cause) : shape.message;
    return { ...shape, message, data };
  },
});

export const router = t.router;

/**
 * Gives every failure below it its status: a DomainError's reason is looked up
 * in REASON_STATUS, the one table of statuses. tRPC wraps anything a procedure
 * throws in an INTERNAL_SERVER_ERROR whose cause is the original error.
 */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok || result.error.code !== 'INTERNAL_SERVER_ERROR') return result;
  const domain = asDomainError(result.error.cause);
  if (!domain) return result;
  throw new TRPCError({ code: REASON_STATUS[domain.reason], message: domain.message, cause: domain });
});

/** Reads configuration and opens the isolate's database client for the procedure. */
const withDb = t.middleware(({ ctx, next }) => {
  const config = readConfig(ctx.env);
  return next({ ctx: { ...ctx, config, db: databaseFor(config) } });
});

export const publicProcedure = t.procedure.use(mapErrors).use(withDb);

/** Public, but an admin's valid token may see more; a bad token is just anonymous here. */
export const viewerProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const viewer = ctx.bearerToken ? await verifyToken(ctx.bearerToken, ctx.config.authSecret) : null;
  return next({ ctx: { ...ctx, adminId: viewer?.role === 'admin' ? viewer.id : null } });
});

/**
 * A customer or a guest: the cart and checkout. A bearer token (checked; a bad
 * one is refused, never downgraded to a guest) names a customer's cart; else
 * X-Cart-Token a guest's; else there is no cart yet (`owner` null) and a cart
 * write starts one.
 */
export const shopperProcedure = publicProcedure.use(async ({ ctx, next }) => {
  let user: TokenUser | null = null;
  let owner: CartOwner | null = null;
  if (ctx.bearerToken) {
    user = await signedInUser(ctx.bearerToken, ctx.config.authSecret);
    owner = userOwner(user.id);
  } else if (ctx.cartToken !== null) {
    if (!CART_TOKEN_PATTERN.test(ctx.cartToken)) throw cartNotFound();
    owner = await guestOwner(ctx.cartToken);
  }
  const actor: Actor | null = user && { userId: user.id, requestId: ctx.requestId, clientIp: ctx.clientIp };
  return next({ ctx: { ...ctx, user, owner, actor } });
});

export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const user = await signedInUser(ctx.bearerToken, ctx.config.authSecret);
  // The actor is who audit rows and ledger rows name for this request.
  const actor: Actor = { userId: user.id, requestId: ctx.requestId, clientIp: ctx.clientIp };
  return next({ ctx: { ...ctx, user, actor } });
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  requireAdmin(ctx.user);
  return next({ ctx });
});
