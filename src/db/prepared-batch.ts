/**
 * Batches whose SQL is built once per isolate. Drizzle builds and stringifies
 * every statement of a `db.batch` on every call, which for the checkout (23 KB
 * of SQL) is a large part of the Worker's CPU per request. A prepared batch is
 * built once per *shape* (the choices that change its SQL text) with a
 * placeholder where each request value goes; a request then only fills the
 * values in and sends the same `client.batch` that `db.batch` sends: one HTTP
 * request, one transaction, the same statements and guards.
 *
 * The builder sees the shape only, never a request's values: whatever is not
 * a placeholder in the cached text came from the shape, so one request's data
 * cannot end up in another's statements, and a value the builder names but
 * the request does not give fails loudly (drizzle's `fillPlaceholders`).
 */
import type { InValue, ResultSet } from '@libsql/client/web';
import { fillPlaceholders, sql } from 'drizzle-orm';
import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import type { PreparedQuery } from 'drizzle-orm/session';
import type { Db } from './client.ts';

/** The statements of one batch, as a builder returns them for `db.batch`. */
export type BatchStatements = readonly [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];

/** A request's values, by placeholder name. */
export type SlotValues = Record<string, unknown>;

type Statement = { sql: string; params: unknown[]; result: PreparedQuery };

/**
 * A request value's stand-in while a template is built: a drizzle placeholder,
 * typed as the value it stands for so the batch builders take it unchanged.
 * A builder may only interpolate it into SQL (or a column's value), never
 * compute with it in JavaScript; a value that needs encoding goes through
 * `sql.param(value, encoder)`, which drizzle applies when the value is filled.
 */
export function slot<T>(name: string): T {
  return sql.placeholder(name) as unknown as T;
}

/** What `db.batch` does to each item before sending it: `_prepare()` holds the query and maps its result. */
function prepare(item: BatchItem<'sqlite'>): Statement {
  const result = (item as unknown as { _prepare(): PreparedQuery })._prepare();
  const { sql: text, params } = result.getQuery();
  return { sql: text, params, result };
}

/**
 * A batch built once per isolate and shape. `build` turns a shape into the
 * batch's statements with `slot(name)` for every request value; the returned
 * function runs the batch for a shape with a request's values and answers
 * what `db.batch` would have (each statement's mapped result).
 *
 * @example
 * const runCheckout = preparedBatch((db, shape: CheckoutShape) => placeOrderBatch(db, templateOf(shape)));
 * const results = await runCheckout(db, shapeOf(order), valuesOf(order));
 */
export function preparedBatch<Shape, T extends BatchStatements>(build: (db: Db, shape: Shape) => T) {
  const built = new Map<string, Statement[]>();
  return async function runPrepared(db: Db, shape: Shape, values: SlotValues): Promise<BatchResponse<T>> {
    const key = JSON.stringify(shape);
    let statements = built.get(key);
    if (!statements) {
      statements = build(db, shape).map(prepare);
      built.set(key, statements);
    }
    const results: ResultSet[] = await db.$client.batch(
      statements.map((statement) => ({
        sql: statement.sql,
        args: fillPlaceholders(statement.params, values) as InValue[],
      })),
    );
    return results.map((result, i) => (statements[i] as Statement).result.mapResult(result, true)) as BatchResponse<T>;
  };
}
