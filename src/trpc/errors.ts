/**
 * Domain errors: a tRPC code for the HTTP status, plus a machine-readable
 * reason (and optional details) that the error formatter puts in `data`.
 */
import { TRPCError } from '@trpc/server';
import type { ErrorReason } from '../shared/reasons.ts';

type TRPCCode = ConstructorParameters<typeof TRPCError>[0]['code'];

export class DomainErrorCause extends Error {
  readonly reason: ErrorReason;
  readonly details: Record<string, unknown> | undefined;
  constructor(reason: ErrorReason, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainErrorCause';
    this.reason = reason;
    this.details = details;
  }
}

export function domainError(
  code: TRPCCode,
  reason: ErrorReason,
  message: string,
  details?: Record<string, unknown>,
): TRPCError {
  return new TRPCError({ code, message, cause: new DomainErrorCause(reason, message, details) });
}

export function notFound(what: string, id: number | string): TRPCError {
  return domainError('NOT_FOUND', 'NOT_FOUND', `No ${what} with id ${id}`);
}
