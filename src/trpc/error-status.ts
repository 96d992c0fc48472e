/**
 * The one table from a domain reason to its tRPC code (and so its HTTP status).
 * Services throw DomainError with a reason; the error middleware in init.ts
 * looks the status up here, so a reason always travels with the same status.
 */
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import type { ErrorReason } from '../shared/reasons.ts';

export const REASON_STATUS = {
  CART_EMPTY: 'BAD_REQUEST',
  CART_TOO_LARGE: 'BAD_REQUEST',
  LINE_QUANTITY_LIMIT: 'BAD_REQUEST',
  INVALID_INPUT: 'BAD_REQUEST',
  INVALID_OPTIONS: 'BAD_REQUEST',
  INVALID_CREDENTIALS: 'UNAUTHORIZED',
  TOKEN_INVALID: 'UNAUTHORIZED',
  ADMIN_REQUIRED: 'FORBIDDEN',
  ADMIN_REVOKED: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  INSUFFICIENT_STOCK: 'CONFLICT',
  PRODUCT_UNAVAILABLE: 'CONFLICT',
  IDEMPOTENCY_KEY_REUSED: 'CONFLICT',
  INVALID_TRANSITION: 'CONFLICT',
  STATUS_CHANGED: 'CONFLICT',
  TOO_MANY_PENDING_ORDERS: 'CONFLICT',
  EMAIL_TAKEN: 'CONFLICT',
  DUPLICATE: 'CONFLICT',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  NOT_CONFIGURED: 'SERVICE_UNAVAILABLE',
  DATABASE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const satisfies Record<ErrorReason, TRPC_ERROR_CODE_KEY>;
