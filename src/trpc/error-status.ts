/**
 * The one table from a domain reason to its tRPC code (and so its HTTP status).
 * Services throw DomainError with a reason; the error middleware in init.ts
 * and the plain HTTP routes (the image upload) look the status up here, so a
 * reason always travels with the same status.
 */
import { type TRPC_ERROR_CODE_KEY, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { isRevokedAdmin } from '../db/admin-check.ts';
import { isDatabaseUnavailable } from '../db/errors.ts';
import { ConfigError } from '../env.ts';
import { DomainError } from '../modules/domain-error.ts';
import type { ErrorReason } from '../shared/reasons.ts';

export const REASON_STATUS = {
  CART_EMPTY: 'BAD_REQUEST',
  CART_TOO_LARGE: 'BAD_REQUEST',
  LINE_QUANTITY_LIMIT: 'BAD_REQUEST',
  INVALID_INPUT: 'BAD_REQUEST',
  INVALID_OPTIONS: 'BAD_REQUEST',
  GUEST_DETAILS_REQUIRED: 'BAD_REQUEST',
  ADDRESS_REQUIRED: 'BAD_REQUEST',
  DISCOUNT_NOT_APPLICABLE: 'BAD_REQUEST',
  ORDER_TOO_LARGE: 'BAD_REQUEST',
  PAYMENT_METHOD_UNAVAILABLE: 'BAD_REQUEST',
  REFUND_TOO_LARGE: 'BAD_REQUEST',
  UNSUPPORTED_IMAGE: 'UNSUPPORTED_MEDIA_TYPE',
  IMAGE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  INVALID_CREDENTIALS: 'UNAUTHORIZED',
  TOKEN_INVALID: 'UNAUTHORIZED',
  ADMIN_REQUIRED: 'FORBIDDEN',
  ADMIN_REVOKED: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CART_NOT_FOUND: 'NOT_FOUND',
  ADDRESS_NOT_FOUND: 'NOT_FOUND',
  INSUFFICIENT_STOCK: 'CONFLICT',
  PRODUCT_UNAVAILABLE: 'CONFLICT',
  IDEMPOTENCY_KEY_REUSED: 'CONFLICT',
  INVALID_TRANSITION: 'CONFLICT',
  STATUS_CHANGED: 'CONFLICT',
  TOO_MANY_PENDING_ORDERS: 'CONFLICT',
  EMAIL_TAKEN: 'CONFLICT',
  DUPLICATE: 'CONFLICT',
  TOO_MANY_IMAGES: 'CONFLICT',
  IMAGES_CHANGED: 'CONFLICT',
  TOO_MANY_ADDRESSES: 'CONFLICT',
  SHIPPING_METHOD_UNAVAILABLE: 'CONFLICT',
  DISCOUNT_EXHAUSTED: 'CONFLICT',
  DISCOUNT_ALREADY_USED: 'CONFLICT',
  PRICE_CHANGED: 'CONFLICT',
  PAYMENT_STATE_CHANGED: 'CONFLICT',
  PAYMENT_WINDOW_CLOSED: 'CONFLICT',
  PAYMENT_PROVIDER_MISMATCH: 'CONFLICT',
  QUANTITY_EXCEEDS_REMAINING: 'CONFLICT',
  RETURN_WINDOW_CLOSED: 'CONFLICT',
  RETURN_EXCEEDS_DELIVERED: 'CONFLICT',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  NOT_CONFIGURED: 'SERVICE_UNAVAILABLE',
  DATABASE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  PAYMENT_PROVIDER_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const satisfies Record<ErrorReason, TRPC_ERROR_CODE_KEY>;

/** The HTTP status a reason answers with, the same as through tRPC. */
export function httpStatusOf(reason: ErrorReason): number {
  return getHTTPStatusCodeFromError(new TRPCError({ code: REASON_STATUS[reason] }));
}

/** The DomainError a failure stands for, when it is one we can name; else undefined (a 500). */
export function asDomainError(cause: unknown): DomainError | undefined {
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
