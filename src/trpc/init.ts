/**
 * The one tRPC initialization: error shape, and the procedures every router
 * builds on (public, authed, admin). Nothing else calls initTRPC.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import { isRevokedAdmin } from '../db/admin-check.ts';
import type { Actor } from '../db/audit.ts';
import { getDb } from '../db/client.ts';
import { isDatabaseUnavailable } from '../db/errors.ts';
import { ConfigError, readConfig } from '../env.ts';
import { verifyToken } from '../modules/auth/token.ts';
import type { Context } from './context.ts';
import { DomainErrorCause, domainError } from './errors.ts';

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
    const isInternal = error.code === 'INTERNAL_SERVER_ERROR';
    return {
      ...shape,
      message: isInternal ? INTERNAL_MESSAGE : cause instanceof ZodError ? describeIssues(cause) : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        reason: cause instanceof DomainErrorCause ? cause.reason : undefined,
        details: cause instanceof DomainErrorCause ? cause.details : undefined,
        zodError: cause instanceof ZodError ? z.flattenError(cause) : undefined,
        issues:
          cause instanceof ZodError
            ? cause.issues.map(({ path, message, code }) => ({ path, message, code }))
            : undefined,
      },
    };
  },
});

export const router = t.router;

/**
 * Maps what the database said in the same way for every procedure: down or
 * slow is 503 with a reason, and an admin batch refused because its actor is
 * no longer an admin (see db/audit.ts) is FORBIDDEN.
 */
const mapDatabaseErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (result.error.code === 'INTERNAL_SERVER_ERROR' && isDatabaseUnavailable(cause)) {
    throw domainError(
      'SERVICE_UNAVAILABLE',
      'DATABASE_UNAVAILABLE',
      'The database is unavailable or too slow to answer; try again shortly',
    );
  }
  if (isRevokedAdmin(cause)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'This account is no longer an admin; sign in again' });
  }
  return result;
});

/** Reads configuration and opens the isolate's database client for the procedure. */
const withDb = t.middleware(({ ctx, next }) => {
  try {
    const config = readConfig(ctx.env);
    const db = getDb({ url: config.databaseUrl, authToken: config.databaseAuthToken, timeoutMs: config.dbTimeoutMs });
    return next({ ctx: { ...ctx, config, db } });
  } catch (error) {
    if (error instanceof ConfigError) throw domainError('SERVICE_UNAVAILABLE', 'NOT_CONFIGURED', error.message);
    throw error;
  }
});

export const publicProcedure = t.procedure.use(mapDatabaseErrors).use(withDb);

export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.bearerToken) {
    throw domainError('UNAUTHORIZED', 'TOKEN_INVALID', 'Sign in first: send Authorization: Bearer <token>');
  }
  const user = await verifyToken(ctx.bearerToken, ctx.config.authSecret);
  if (!user) {
    throw domainError('UNAUTHORIZED', 'TOKEN_INVALID', 'The token is invalid or expired; sign in again');
  }
  // The actor is who audit rows and ledger rows name for this request.
  const actor: Actor = { userId: user.id, requestId: ctx.requestId, clientIp: ctx.clientIp };
  return next({ ctx: { ...ctx, user, actor } });
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'admin') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'This action needs an admin account' });
  }
  return next({ ctx });
});
