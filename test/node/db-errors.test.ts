import { LibsqlBatchError } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { DatabaseTimeoutError } from '../../src/db/client.ts';
import { type ConstraintKind, constraintViolation, isDatabaseUnavailable, isViolationOf } from '../../src/db/errors.ts';

/**
 * A refused statement as the Worker sees it from sqld or Turso: the primary
 * code, never an extended one, and `SQLite error: <SQLite's message>`, which
 * @libsql/client prefixes with the code.
 */
const sqldError = (sqliteMessage: string) =>
  new LibsqlBatchError(`SQLite error: ${sqliteMessage}`, 1, 'SQLITE_CONSTRAINT');

/** Every guard a service reads from a refused batch, with the reason it turns into and SQLite's message for it. */
const GUARDS: Array<[reason: string, kind: ConstraintKind, target: string, sqliteMessage: string]> = [
  [
    'INSUFFICIENT_STOCK',
    'check',
    'products_stock_non_negative',
    'CHECK constraint failed: products_stock_non_negative',
  ],
  ['CART_EMPTY', 'check', 'orders_line_count_valid', 'CHECK constraint failed: orders_line_count_valid'],
  [
    'PRODUCT_UNAVAILABLE',
    'notnull',
    'order_items.unit_price_cents',
    'NOT NULL constraint failed: order_items.unit_price_cents',
  ],
  [
    'IDEMPOTENCY_KEY_REUSED',
    'unique',
    'orders.user_id, orders.idempotency_key',
    'UNIQUE constraint failed: orders.user_id, orders.idempotency_key',
  ],
  [
    'INVALID_TRANSITION',
    'check',
    'order_status_history_transition_valid',
    'CHECK constraint failed: order_status_history_transition_valid',
  ],
  [
    'INVALID_TRANSITION',
    'notnull',
    'order_status_history.order_id',
    'NOT NULL constraint failed: order_status_history.order_id',
  ],
  ['EMAIL_TAKEN', 'unique', 'users_email_lower_unique', "UNIQUE constraint failed: index 'users_email_lower_unique'"],
  ['DUPLICATE', 'unique', 'categories.slug', 'UNIQUE constraint failed: categories.slug'],
  ['NOT_FOUND', 'notnull', 'categories.name', 'NOT NULL constraint failed: categories.name'],
  ['NOT_FOUND', 'notnull', 'products.category_id', 'NOT NULL constraint failed: products.category_id'],
  ['NOT_FOUND', 'notnull', 'audit_log.target', 'NOT NULL constraint failed: audit_log.target'],
  [
    'NOT_FOUND',
    'notnull',
    'inventory_movements.product_id',
    'NOT NULL constraint failed: inventory_movements.product_id',
  ],
  ['NOT_FOUND', 'notnull', 'cart_items.product_id', 'NOT NULL constraint failed: cart_items.product_id'],
  ['FORBIDDEN (revoked admin)', 'notnull', 'audit_log.actor_id', 'NOT NULL constraint failed: audit_log.actor_id'],
];

describe('reading constraint violations from sqld-shaped errors', () => {
  it.each(GUARDS)('reads %s from an sqld-shaped %s violation of %s', (_reason, kind, target, sqliteMessage) => {
    const error = sqldError(sqliteMessage);
    expect(error.message).toBe(`SQLITE_CONSTRAINT: SQLite error: ${sqliteMessage}`);
    expect(constraintViolation(error)).toEqual({ kind, target });
    expect(isViolationOf(error, kind, target)).toBe(true);
    // drizzle wraps the client's error as `cause`.
    expect(isViolationOf(new Error('Failed query', { cause: error }), kind, target)).toBe(true);
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('does not mistake other errors for violations', () => {
    expect(constraintViolation(new LibsqlBatchError('SQLite error: no such table: nope', 0, 'SQLITE_UNKNOWN'))).toBe(
      undefined,
    );
    expect(constraintViolation(new Error('no such table: nope'))).toBeUndefined();
    expect(constraintViolation('a string')).toBeUndefined();
  });
});

describe('telling an unavailable database apart', () => {
  it('treats timeouts and refused connections as unavailable', () => {
    expect(isDatabaseUnavailable(new DatabaseTimeoutError(2000))).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: new TypeError('fetch failed') }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('connect ECONNREFUSED 127.0.0.1:8080'))).toBe(true);
  });

  it('does not treat a refused statement as an outage', () => {
    expect(isDatabaseUnavailable(sqldError('CHECK constraint failed: x'))).toBe(false);
  });
});
