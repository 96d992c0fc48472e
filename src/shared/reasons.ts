/**
 * Machine-readable reasons carried in `error.data.reason`. Clients switch on
 * these, never on messages, so a message can be reworded freely. Each reason's
 * HTTP status is set once, in src/trpc/error-status.ts.
 */
export const ERROR_REASONS = [
  'CART_EMPTY',
  'INSUFFICIENT_STOCK',
  'PRODUCT_UNAVAILABLE',
  'IDEMPOTENCY_KEY_REUSED',
  'INVALID_TRANSITION',
  'EMAIL_TAKEN',
  'INVALID_CREDENTIALS',
  'TOKEN_INVALID',
  'ADMIN_REQUIRED',
  'ADMIN_REVOKED',
  'NOT_CONFIGURED',
  'DATABASE_UNAVAILABLE',
  'RATE_LIMITED',
  'NOT_FOUND',
  'DUPLICATE',
  'CART_TOO_LARGE',
  'STATUS_CHANGED',
  'LINE_QUANTITY_LIMIT',
  'INVALID_INPUT',
  'TOO_MANY_PENDING_ORDERS',
  'INVALID_OPTIONS',
  'UNSUPPORTED_IMAGE',
  'IMAGE_TOO_LARGE',
  'TOO_MANY_IMAGES',
  'IMAGES_CHANGED',
  'CART_NOT_FOUND',
  'GUEST_DETAILS_REQUIRED',
  'ADDRESS_NOT_FOUND',
  'ADDRESS_REQUIRED',
  'TOO_MANY_ADDRESSES',
] as const;

export type ErrorReason = (typeof ERROR_REASONS)[number];
