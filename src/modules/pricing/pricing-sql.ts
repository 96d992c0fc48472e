/**
 * THE pricing definition: one SQL text that turns an order's lines, its
 * destination, its shipping method and its discount code into every amount,
 * from the database's own prices, rates and codes. `checkout.quote` reads it;
 * the placing batch inserts from it (the order row from `pricedTotals`, the
 * lines from `pricedLines`), so a quote and the order it becomes cannot
 * disagree, and the client's numbers never count.
 *
 * Rules (all amounts integer cents, every rounding half up):
 * - subtotal: the sum of unit price × quantity at the variants' current prices;
 * - discount: a percent code takes round(subtotal × percent / 100), a fixed
 *   code min(value, subtotal); goods only, never shipping. It is spread over
 *   the lines in proportion to their amounts, leftover cents by the largest
 *   remainders (then line order), so the lines' shares add up to it exactly;
 * - tax, per line, on (line amount − its discount share), at the product
 *   category's rate for the destination country, else the country's default,
 *   else 0: with prices that include tax, tax = round(amount × r / (1 + r)),
 *   the part of the price the rate implies; without, round(amount × r), added;
 * - shipping: the method's price, 0 when the subtotal after discount reaches
 *   its free-above amount; taxed like a line at the country's default rate
 *   when that rate applies to shipping;
 * - total = subtotal − discount + shipping (+ tax when prices exclude it).
 */
import { type DriverValueEncoder, type SQL, sql } from 'drizzle-orm';
import { activeVariantPrice } from '../../db/guards.ts';
import { cartItems } from '../../db/schema.ts';
import { type CartOwner, cartIdOf } from '../cart/cart-owner.ts';

/** Where the lines come from: the owner's cart, or explicit lines (merged by variant). */
export type PricedSource =
  | { kind: 'cart'; owner: CartOwner }
  | { kind: 'items'; lines: ReadonlyArray<{ variantId: number; quantity: number }> };

export type PricingInput = {
  source: PricedSource;
  /** The destination country (ISO 3166-1 alpha-2), as a value or SQL (a saved address's country). */
  country: SQL | string;
  shippingMethodId: number;
  /** As the shopper typed it; matched case-insensitively. Null: none. */
  discountCode: string | null;
  pricesIncludeTax: boolean;
};

const NOW = sql`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/**
 * A number written into the SQL text, not bound: the client binds JS numbers
 * as floats, and one float operand would turn this integer arithmetic into
 * floating point.
 */
const int = (value: number) => sql.raw(String(Math.trunc(value)));

/** round(numerator / denominator), half up, for non-negative integers. */
function roundDiv(numerator: SQL, denominator: SQL | number): SQL {
  const d = typeof denominator === 'number' ? int(denominator) : denominator;
  return sql`((2 * (${numerator}) + (${d})) / (2 * (${d})))`;
}

/** The tax in `amount` (inclusive) or on it (exclusive) at `rate` basis points. */
function taxOf(amount: SQL, rate: SQL, pricesIncludeTax: boolean): SQL {
  return pricesIncludeTax
    ? roundDiv(sql`(${amount}) * (${rate})`, sql`(10000 + ${rate})`)
    : roundDiv(sql`(${amount}) * (${rate})`, 10000);
}

/**
 * Explicit lines go as one JSON text. Encoded as the value is bound, not
 * while the SQL is built, so a batch built once with the lines as a
 * placeholder (src/db/prepared-batch.ts) encodes each request's own lines.
 */
const LINES_JSON: DriverValueEncoder<PricedLines, string> = { mapToDriverValue: (lines) => JSON.stringify(lines) };

type PricedLines = Extract<PricedSource, { kind: 'items' }>['lines'];

function sourceLines(source: PricedSource): SQL {
  return source.kind === 'items'
    ? sql`SELECT CAST(value ->> '$.variantId' AS INTEGER) AS variant_id, CAST(value ->> '$.quantity' AS INTEGER) AS quantity,
          key AS position FROM json_each(${sql.param(source.lines, LINES_JSON)})`
    : sql`SELECT variant_id, quantity, id AS position FROM ${cartItems} WHERE cart_id = ${cartIdOf(source.owner)}`;
}

/**
 * The CTEs every priced statement starts from:
 * `dest` (country), `l` (lines with price and snapshot), `sub` (subtotal,
 * line count), `code` (the code if it applies now to this subtotal), `disc`
 * (the discount), `pl` (lines with discount share, rate and tax), `ship`
 * (the method if it serves the country, with its price), `tot` (totals).
 */
function pricingCtes(input: PricingInput): SQL {
  const code = input.discountCode ?? '';
  return sql`WITH
    dest AS (SELECT ${input.country} AS country),
    l AS (
      SELECT s.position, s.variant_id, s.quantity, ${activeVariantPrice()} AS unit_price,
        v.product_id, p.name AS product_name, v.sku, v.options, p.category_id, v.stock
      FROM (${sourceLines(input.source)}) s
        LEFT JOIN variants v ON v.id = s.variant_id LEFT JOIN products p ON p.id = v.product_id),
    lc AS (SELECT *, quantity * unit_price AS line_cents FROM l),
    sub AS (SELECT coalesce(sum(line_cents), 0) AS subtotal, count(*) AS line_count FROM lc),
    code AS (
      SELECT d.id, d.code, d.kind, d.value FROM discount_codes d, sub
      WHERE ${code} <> '' AND lower(d.code) = lower(${code}) AND d.is_active = 1
        AND (d.starts_at IS NULL OR d.starts_at <= ${NOW}) AND (d.ends_at IS NULL OR ${NOW} < d.ends_at)
        AND d.min_subtotal_cents <= sub.subtotal),
    disc AS (
      SELECT coalesce((SELECT CASE WHEN code.kind = 'percent' THEN ${roundDiv(sql`sub.subtotal * code.value`, 100)}
          ELSE min(code.value, sub.subtotal) END FROM code), 0) AS discount
      FROM sub),
    shares AS (
      SELECT lc.*, CASE WHEN sub.subtotal > 0 THEN disc.discount * lc.line_cents / sub.subtotal ELSE 0 END AS base_share,
        row_number() OVER (ORDER BY CASE WHEN sub.subtotal > 0 THEN disc.discount * lc.line_cents % sub.subtotal ELSE 0 END DESC,
          lc.position) AS remainder_rank
      FROM lc, sub, disc),
    spread AS (
      SELECT shares.*, base_share + CASE WHEN remainder_rank <= disc.discount - (SELECT coalesce(sum(base_share), 0) FROM shares)
          THEN 1 ELSE 0 END AS discount_share,
        coalesce(
          (SELECT t.rate_bps FROM tax_rates t, dest WHERE t.country = dest.country AND t.category_id = shares.category_id),
          (SELECT t.rate_bps FROM tax_rates t, dest WHERE t.country = dest.country AND t.category_id IS NULL),
          0) AS rate
      FROM shares, disc),
    pl AS (
      SELECT spread.*, ${taxOf(sql`line_cents - discount_share`, sql`rate`, input.pricesIncludeTax)} AS tax
      FROM spread),
    ship AS (
      SELECT m.id, m.name,
        CASE WHEN m.free_above_cents IS NOT NULL AND sub.subtotal - disc.discount >= m.free_above_cents THEN 0
          ELSE m.price_cents END AS price,
        coalesce((SELECT t.rate_bps FROM tax_rates t WHERE t.country = dest.country AND t.category_id IS NULL
          AND t.applies_to_shipping = 1), 0) AS rate
      FROM shipping_methods m JOIN shipping_zone_countries zc ON zc.zone_id = m.zone_id, dest, sub, disc
      WHERE m.id = ${input.shippingMethodId} AND m.is_active = 1 AND zc.country = dest.country),
    shipping AS (
      SELECT (SELECT price FROM ship) AS price,
        coalesce((SELECT ${taxOf(sql`price`, sql`rate`, input.pricesIncludeTax)} FROM ship), 0) AS tax,
        (SELECT name FROM ship) AS name),
    tot AS (
      SELECT sub.subtotal, sub.line_count, disc.discount, shipping.price AS shipping, shipping.name AS shipping_name,
        shipping.tax AS shipping_tax, (SELECT coalesce(sum(tax), 0) FROM pl) + shipping.tax AS tax,
        (SELECT id FROM code) AS code_id, (SELECT code FROM code) AS code, (SELECT country FROM dest) AS country
      FROM sub, disc, shipping),
    totals AS (
      SELECT tot.*, subtotal - discount + shipping + ${input.pricesIncludeTax ? sql`0` : sql`tax`} AS total FROM tot)`;
}

/** One row: subtotal, line_count, discount, shipping (NULL: the method does not serve the country), shipping_name, shipping_tax, tax, code_id, code, country (NULL: no such saved address), total. */
export function pricedTotals(input: PricingInput): SQL {
  return sql`${pricingCtes(input)} SELECT * FROM totals`;
}

/** One row per line, in order: the snapshot, unit_price (NULL when not on sale), discount_share, rate, tax. */
export function pricedLines(input: PricingInput): SQL {
  return sql`${pricingCtes(input)} SELECT * FROM pl ORDER BY position`;
}

/** The quote: totals and lines as JSON, in one statement. */
export function pricedQuote(input: PricingInput): SQL {
  return sql`${pricingCtes(input)}
    SELECT totals.*, (SELECT json_group_array(json_object('variantId', variant_id, 'productId', product_id,
        'name', product_name, 'sku', sku, 'options', json(options), 'quantity', quantity, 'unitPriceCents', unit_price,
        'subtotalCents', line_cents, 'discountCents', discount_share, 'taxRateBps', rate, 'taxCents', tax,
        'stock', stock))
      FROM (SELECT * FROM pl ORDER BY position)) AS lines
    FROM totals`;
}

/**
 * Why a code does (not) apply to this order now, for the refusal's message:
 * 'unknown', 'inactive', 'not_started', 'ended', 'min_subtotal', 'exhausted'
 * (its usage limit reached), 'used' (this redeemer's limit reached) or 'ok'.
 */
export function discountStatus(input: PricingInput, redeemerKey: string | null): SQL {
  const code = input.discountCode ?? '';
  return sql`${pricingCtes(input)}
    SELECT CASE WHEN d.id IS NULL THEN 'unknown' WHEN d.is_active = 0 THEN 'inactive'
        WHEN d.starts_at IS NOT NULL AND d.starts_at > ${NOW} THEN 'not_started'
        WHEN d.ends_at IS NOT NULL AND d.ends_at <= ${NOW} THEN 'ended'
        WHEN d.min_subtotal_cents > sub.subtotal THEN 'min_subtotal'
        WHEN d.usage_limit IS NOT NULL AND d.used_count >= d.usage_limit THEN 'exhausted'
        WHEN d.per_customer_limit IS NOT NULL AND (SELECT count(*) FROM discount_redemptions r
          WHERE r.discount_code_id = d.id AND r.redeemer_key = ${redeemerKey}) >= d.per_customer_limit THEN 'used'
        ELSE 'ok' END AS status,
      d.min_subtotal_cents AS minSubtotalCents
    FROM sub LEFT JOIN discount_codes d ON lower(d.code) = lower(${code})`;
}
