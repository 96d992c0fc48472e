/**
 * The one error a service throws when a business rule refuses a request: a
 * machine-readable reason, a message for people, and optional details. It
 * knows nothing of tRPC or HTTP; `src/trpc/error-status.ts` maps each reason
 * to a status in one table.
 */
import type { ErrorReason } from '../shared/reasons.ts';

export type ErrorDetails = Record<string, unknown>;

export class DomainError extends Error {
  readonly reason: ErrorReason;
  readonly details: ErrorDetails | undefined;
  constructor(reason: ErrorReason, message: string, details?: ErrorDetails) {
    super(message);
    this.name = 'DomainError';
    this.reason = reason;
    this.details = details;
  }
}

/** "No order with id 7": also what a customer gets for someone else's order, so ids cannot be probed. */
export function notFound(what: string, id: number | string): DomainError {
  return new DomainError('NOT_FOUND', `No ${what} with id ${id}`);
}
