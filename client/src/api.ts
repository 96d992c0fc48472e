/**
 * The storefront's one tRPC client and query cache. Calls go through
 * `createStoreClient`, the same typed client other apps use, with the signed-in
 * token (or, for a guest, the cart token) read from storage on every request.
 */
import { QueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { ErrorData } from '../../src/shared/error-data.ts';
import type { ErrorReason } from '../../src/shared/reasons.ts';
import type { AppRouter } from '../../src/trpc/router.ts';
import { readCartToken } from './cart-token-storage.ts';
import { readToken } from './session-storage.ts';
import { createStoreClient } from './store-client.ts';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A 4xx will not succeed on retry; a dropped connection might.
      retry: (failures, error) => failures < 2 && !(error instanceof TRPCClientError && error.data?.httpStatus < 500),
    },
  },
});

export const storeClient = createStoreClient({ url: '/trpc', token: readToken, cartToken: readCartToken });

export const trpc = createTRPCOptionsProxy<AppRouter>({ client: storeClient, queryClient });

/** `error.data` as the server's error formatter wrote it (undefined when no answer came back). */
function errorData(error: unknown): ErrorData | undefined {
  return error instanceof TRPCClientError ? ((error as TRPCClientError<AppRouter>).data ?? undefined) : undefined;
}

/** The machine-readable reason the server attached to an error, if any. */
export function errorReason(error: unknown): ErrorReason | undefined {
  return errorData(error)?.reason;
}

/**
 * True when the server gave no usable answer (connection lost, or a 5xx), so
 * the caller cannot know whether a write happened and should retry it as is.
 */
export function isNoAnswer(error: unknown): boolean {
  const data = errorData(error);
  return !data || (data.httpStatus ?? 0) >= 500;
}

/** What the error's details carry under `key`, e.g. the new `quote` on PRICE_CHANGED; the caller checks its shape. */
export function errorDetail(error: unknown, key: string): unknown {
  return errorData(error)?.details?.[key];
}

/** A number the error's details carry under `key`, e.g. `available` on INSUFFICIENT_STOCK. */
export function errorDetailNumber(error: unknown, key: string): number | undefined {
  const value = errorDetail(error, key);
  return typeof value === 'number' ? value : undefined;
}

/** Variant ids a refused checkout's INSUFFICIENT_STOCK (or PRODUCT_UNAVAILABLE) error names. */
export function errorVariantIds(error: unknown): number[] {
  const ids = errorData(error)?.details?.variantIds;
  return Array.isArray(ids) ? ids.filter((id): id is number => typeof id === 'number') : [];
}

/** The order an error points at, e.g. the one a reused checkout key already placed. */
export function errorOrderId(error: unknown): number | undefined {
  return errorDetailNumber(error, 'orderId');
}

/**
 * Server-side validation messages by field name, to show beside the fields.
 * A nested field is also keyed by its whole path, e.g. `options.Size`.
 */
export function serverFieldErrors(error: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of errorData(error)?.issues ?? []) {
    const names = [String(issue.path[0] ?? ''), issue.path.map(String).join('.')];
    for (const field of names) if (field && !fields[field]) fields[field] = issue.message;
  }
  return fields;
}

/** A sentence for the person using the page; network failures get their own wording. */
export function describeError(error: unknown): string {
  if (error instanceof TRPCClientError) {
    if (!error.data && /fetch|network/i.test(error.message)) {
      return 'Could not reach the store. Check your connection and try again.';
    }
    return error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}
