import { LibsqlBatchError } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { DatabaseTimeoutError } from '../../src/db/client.ts';
import { constraintViolation, isDatabaseUnavailable, isViolationOf } from '../../src/db/errors.ts';

const batchError = (message: string, code: string) => new LibsqlBatchError(message, 1, code);

describe('reading constraint violations', () => {
  it('names the CHECK constraint that refused a write', () => {
    const error = batchError('CHECK constraint failed: products_stock_non_negative', 'SQLITE_CONSTRAINT_CHECK');
    expect(constraintViolation(error)).toEqual({ kind: 'check', target: 'products_stock_non_negative' });
  });

  it('names the column of a NOT NULL guard', () => {
    const error = batchError('NOT NULL constraint failed: order_items.unit_price_cents', 'SQLITE_CONSTRAINT_NOTNULL');
    expect(isViolationOf(error, 'notnull', 'order_items.unit_price_cents')).toBe(true);
  });

  it('reads UNIQUE violations on columns and on expression indexes', () => {
    expect(
      constraintViolation(
        batchError('UNIQUE constraint failed: orders.user_id, orders.idempotency_key', 'SQLITE_CONSTRAINT_UNIQUE'),
      ),
    ).toEqual({ kind: 'unique', target: 'orders.user_id, orders.idempotency_key' });
    expect(
      isViolationOf(
        batchError("UNIQUE constraint failed: index 'users_email_lower_unique'", 'SQLITE_CONSTRAINT_UNIQUE'),
        'unique',
        'users_email_lower_unique',
      ),
    ).toBe(true);
  });

  it('finds the violation through wrapping errors (drizzle wraps with cause)', () => {
    const wrapped = new Error('Failed query', {
      cause: batchError('CHECK constraint failed: orders_line_count_valid', 'SQLITE_CONSTRAINT_CHECK'),
    });
    expect(constraintViolation(wrapped)?.target).toBe('orders_line_count_valid');
  });

  it('does not mistake other errors for violations', () => {
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
    expect(isDatabaseUnavailable(batchError('CHECK constraint failed: x', 'SQLITE_CONSTRAINT_CHECK'))).toBe(false);
  });
});
