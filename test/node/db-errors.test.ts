import { LibsqlBatchError } from '@libsql/client';
import { is } from 'drizzle-orm';
import { getTableConfig, SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { DatabaseTimeoutError } from '../../src/db/client.ts';
import { type ConstraintKind, constraintViolation, isDatabaseUnavailable, isViolationOf } from '../../src/db/errors.ts';
import * as schema from '../../src/db/schema.ts';

/**
 * A refused statement as the Worker sees it from sqld or Turso: the primary
 * code, never an extended one, and `SQLite error: <SQLite's message>`, which
 * @libsql/client prefixes with the code.
 */
const sqldError = (sqliteMessage: string) =>
  new LibsqlBatchError(`SQLite error: ${sqliteMessage}`, 1, 'SQLITE_CONSTRAINT');

/**
 * Every guard a refused batch is read by (its service, order-failures.ts, the
 * admin check), with what it becomes and SQLite's message for it. Each must
 * name a constraint src/db/schema.ts declares today (checked below).
 */
const GUARDS: Array<[reason: string, kind: ConstraintKind, target: string, sqliteMessage: string]> = [
  [
    'INSUFFICIENT_STOCK',
    'check',
    'variants_stock_non_negative',
    'CHECK constraint failed: variants_stock_non_negative',
  ],
  ['CART_EMPTY', 'check', 'orders_line_count_valid', 'CHECK constraint failed: orders_line_count_valid'],
  ['TOO_MANY_PENDING_ORDERS', 'notnull', 'orders.owner_key', 'NOT NULL constraint failed: orders.owner_key'],
  [
    'PRODUCT_UNAVAILABLE',
    'notnull',
    'order_items.unit_price_cents',
    'NOT NULL constraint failed: order_items.unit_price_cents',
  ],
  [
    'IDEMPOTENCY_KEY_REUSED',
    'unique',
    'orders.owner_key, orders.idempotency_key',
    'UNIQUE constraint failed: orders.owner_key, orders.idempotency_key',
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
  ['REFUND_TOO_LARGE', 'check', 'payments_amounts_valid', 'CHECK constraint failed: payments_amounts_valid'],
  ['EMAIL_TAKEN', 'unique', 'users_email_lower_unique', "UNIQUE constraint failed: index 'users_email_lower_unique'"],
  ['DUPLICATE', 'unique', 'categories.slug', 'UNIQUE constraint failed: categories.slug'],
  ['DUPLICATE', 'unique', 'variants.sku', 'UNIQUE constraint failed: variants.sku'],
  [
    'DUPLICATE',
    'unique',
    'variants.product_id, variants.option_key',
    'UNIQUE constraint failed: variants.product_id, variants.option_key',
  ],
  [
    'DUPLICATE',
    'unique',
    'shipping_zone_countries.country',
    'UNIQUE constraint failed: shipping_zone_countries.country',
  ],
  ['DUPLICATE', 'unique', 'discount_codes_code_unique', "UNIQUE constraint failed: index 'discount_codes_code_unique'"],
  [
    'INVALID_INPUT',
    'check',
    'discount_codes_used_within_limit',
    'CHECK constraint failed: discount_codes_used_within_limit',
  ],
  ['INVALID_INPUT', 'check', 'discount_codes_dates_valid', 'CHECK constraint failed: discount_codes_dates_valid'],
  ['INVALID_INPUT', 'check', 'discount_codes_value_valid', 'CHECK constraint failed: discount_codes_value_valid'],
  ['TOO_MANY_IMAGES', 'notnull', 'product_images.position', 'NOT NULL constraint failed: product_images.position'],
  ['TOO_MANY_ADDRESSES', 'notnull', 'addresses.user_id', 'NOT NULL constraint failed: addresses.user_id'],
  ['NOT_FOUND', 'notnull', 'categories.name', 'NOT NULL constraint failed: categories.name'],
  ['NOT_FOUND', 'notnull', 'products.category_id', 'NOT NULL constraint failed: products.category_id'],
  ['NOT_FOUND', 'notnull', 'variants.product_id', 'NOT NULL constraint failed: variants.product_id'],
  ['NOT_FOUND', 'notnull', 'product_images.product_id', 'NOT NULL constraint failed: product_images.product_id'],
  ['NOT_FOUND', 'notnull', 'audit_log.target', 'NOT NULL constraint failed: audit_log.target'],
  [
    'NOT_FOUND',
    'notnull',
    'inventory_movements.variant_id',
    'NOT NULL constraint failed: inventory_movements.variant_id',
  ],
  ['NOT_FOUND', 'notnull', 'cart_items.cart_id', 'NOT NULL constraint failed: cart_items.cart_id'],
  [
    'NOT_FOUND or PRODUCT_UNAVAILABLE',
    'notnull',
    'cart_items.variant_id',
    'NOT NULL constraint failed: cart_items.variant_id',
  ],
  [
    'NOT_FOUND',
    'notnull',
    'shipping_zone_countries.zone_id',
    'NOT NULL constraint failed: shipping_zone_countries.zone_id',
  ],
  ['NOT_FOUND', 'notnull', 'shipping_methods.zone_id', 'NOT NULL constraint failed: shipping_methods.zone_id'],
  [
    'a duplicate webhook event',
    'unique',
    'payment_events.provider, payment_events.event_id',
    'UNIQUE constraint failed: payment_events.provider, payment_events.event_id',
  ],
  ['a deferred webhook refund', 'notnull', 'refunds.payment_id', 'NOT NULL constraint failed: refunds.payment_id'],
  ['FORBIDDEN (revoked admin)', 'notnull', 'audit_log.actor_id', 'NOT NULL constraint failed: audit_log.actor_id'],
];

/**
 * What SQLite can name in a constraint error for the schema as declared: CHECK
 * names; `table.column` for NOT NULL; for UNIQUE, `table.column, ...` of a
 * unique column or index, or the name of an index on an expression.
 */
function declaredConstraints(): Record<ConstraintKind, Set<string>> {
  const declared = { check: new Set<string>(), notnull: new Set<string>(), unique: new Set<string>() };
  const tables = Object.values(schema).filter((value) => is(value, SQLiteTable));
  for (const table of tables.map((each) => getTableConfig(each))) {
    for (const { name } of table.checks) declared.check.add(name);
    for (const column of table.columns) {
      if (column.notNull) declared.notnull.add(`${table.name}.${column.name}`);
      if (column.isUnique) declared.unique.add(`${table.name}.${column.name}`);
    }
    for (const { config } of table.indexes) {
      if (!config.unique) continue;
      const columns = config.columns.filter((column) => is(column, SQLiteColumn));
      declared.unique.add(
        columns.length === config.columns.length
          ? columns.map((column) => `${table.name}.${column.name}`).join(', ')
          : config.name,
      );
    }
  }
  return declared;
}

describe('the guards the services read', () => {
  const declared = declaredConstraints();
  it.each(GUARDS)('names for %s a %s constraint, %s, that src/db/schema.ts declares', (_reason, kind, target) => {
    expect([...declared[kind]]).toContain(target);
  });
});

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
