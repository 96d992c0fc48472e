/**
 * The one tRPC initialization: the error shape, the error middleware that
 * gives every failure its status, and the procedures every router builds on
 * (public, viewer, authed, admin). Nothing else calls initTRPC.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { isRevokedAdmin } from '../db/admin-check.ts';
import type { Actor } from '../db/audit.ts';
import { databaseFor } from '../db/client.ts';
import { isDatabaseUnavailable } from '../db/errors.ts';
import { ConfigError, readConfig } from '../env.ts';
import { verifyToken } from '../modules/auth/token.ts';
import { DomainError } from '../modules/domain-error.ts';
import type { ErrorData } from '../shared/error-data.ts';
import type { Context } from './context.ts';
import { REASON_STATUS } from './error-status.ts';

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

/** The DomainError a failure stands for, when it is one we can name; else undefined (a 500). */
function asDomainError(cause: unknown): DomainError | undefined {
  if (cause instanceof DomainError) return cause;
  if (cause instanceof ConfigError) return new DomainError('NOT_CONFIGURED', cause.message);
  if (isDatabaseUnavailable(cause)) {
    return new DomainError(
      'DATABASE_UNAVAILABLE',
      'The database is unavailable or too slow to answer; try again shortly',
    );
  }
  // An admin batch refused because its actor is no longer an admin (see db/audit.ts).
  if (isRevokedAdmin(cause))
    return new DomainError('ADMIN_REVOKED', 'This account is no longer an admin; sign in again');
  return undefined;
}

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

export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.bearerToken) {
    throw new DomainError('TOKEN_INVALID', 'Sign in first: send Authorization: Bearer <token>');
  }
  const user = await verifyToken(ctx.bearerToken, ctx.config.authSecret);
  if (!user) throw new DomainError('TOKEN_INVALID', 'The token is invalid or expired; sign in again');
  // The actor is who audit rows and ledger rows name for this request.
  const actor: Actor = { userId: user.id, requestId: ctx.requestId, clientIp: ctx.clientIp };
  return next({ ctx: { ...ctx, user, actor } });
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'admin') throw new DomainError('ADMIN_REQUIRED', 'This action needs an admin account');
  return next({ ctx });
});
