/**
 * What every error response carries in `error.data`, written once: the server's
 * error formatter returns it, and the client, the SPA and the tests read it.
 */
import type { ErrorReason } from './reasons.ts';

export type InputIssue = { path: PropertyKey[]; message: string; code: string };

export type ErrorData = {
  /** The tRPC code, e.g. "CONFLICT". */
  code: string;
  httpStatus: number;
  /** The procedure, e.g. "checkout.place". */
  path?: string;
  /** Why, for machines; absent only on a masked 500. */
  reason?: ErrorReason;
  details?: Record<string, unknown>;
  /** One entry per problem when the input failed validation (reason INVALID_INPUT). */
  issues?: InputIssue[];
};
