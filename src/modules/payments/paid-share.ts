/**
 * What a customer paid for some units of an order line, the one definition
 * every partial refund (a cancelled remainder, a received return) is
 * computed from, inside its batch, from the line's own row:
 *
 *   line paid = quantity × unit price − the line's discount share
 *               + the line's tax when prices exclude it (included tax is in the price already)
 *   share(n)  = round(line paid × n / quantity), half up, in cents
 *
 * Units are refunded cumulatively: k more units after `refunded_quantity`
 * get share(refunded + k) − share(refunded). So the refunds of a line add up
 * to exactly what was paid for it once every unit is back, and never more,
 * however the units are split. Shipping is never part of it (README,
 * "Shipments, returns and refunds").
 */
import { type SQL, sql } from 'drizzle-orm';

/** The line's paid amount, for `order_items` under alias `line`. */
function linePaid(line: string): SQL {
  const l = sql.raw(line);
  return sql`(${l}.quantity * ${l}.unit_price_cents - ${l}.discount_cents
    + CASE WHEN (SELECT prices_include_tax FROM orders WHERE id = ${l}.order_id) THEN 0 ELSE ${l}.tax_cents END)`;
}

/** share(units) for the line under alias `line`: its paid amount prorated, rounded half up. */
function shareOf(line: string, units: SQL): SQL {
  const l = sql.raw(line);
  return sql`((${linePaid(line)} * (${units}) * 2 + ${l}.quantity) / (2 * ${l}.quantity))`;
}

/** The cents to refund for `units` more units of the line under alias `line`, after those already refunded. */
export function refundForUnits(line: string, units: SQL): SQL<number> {
  const refunded = sql`${sql.raw(line)}.refunded_quantity`;
  return sql<number>`(${shareOf(line, sql`${refunded} + ${units}`)} - ${shareOf(line, refunded)})`;
}
