/**
 * A priced order before it is placed (`checkout.quote`) and the refusals a
 * price can earn. The quote is read from the same SQL definition the placing
 * batch writes from (pricing-sql.ts), in one round trip; when a placing batch
 * is refused, its failure read prices it again the same way to say why.
 */
import type { Db } from '../../db/client.ts';
import { MAX_ORDER_SUBTOTAL_CENTS } from '../../shared/limits.ts';
import type { StoreSettings } from '../../shared/store-settings.ts';
import { DomainError } from '../domain-error.ts';
import { discountStatus, type PricingInput, pricedQuote } from './pricing-sql.ts';

export type QuoteLine = {
  variantId: number;
  productId: number | null;
  name: string | null;
  sku: string | null;
  options: Record<string, string> | null;
  quantity: number;
  /** Null when the variant is not for sale. */
  unitPriceCents: number | null;
  subtotalCents: number | null;
  discountCents: number;
  taxRateBps: number;
  taxCents: number;
  stock: number | null;
};

export type Quote = {
  currency: string;
  pricesIncludeTax: boolean;
  subtotalCents: number;
  discountCents: number;
  /** Null when the shipping method does not serve the destination (and then the total is null too). */
  shippingCents: number | null;
  shippingMethodName: string | null;
  taxCents: number;
  shippingTaxCents: number;
  totalCents: number | null;
  /** The code as the store spells it, when it applies. */
  discountCode: string | null;
  /** The destination country; null when the saved (or default) address named does not exist. */
  country: string | null;
  lines: QuoteLine[];
};

type QuoteRow = {
  subtotal: number;
  discount: number;
  shipping: number | null;
  shipping_name: string | null;
  shipping_tax: number;
  tax: number;
  code: string | null;
  country: string | null;
  total: number | null;
  lines: string;
};

type StatusRow = { status: string; minSubtotalCents: number | null };

/** The quote's reads, for a caller's read batch: the priced order, and the code's status when one is given. */
export function quoteReads(db: Db, input: PricingInput, redeemerKey: string | null) {
  const quote = db.all<QuoteRow>(pricedQuote(input));
  return input.discountCode === null
    ? ([quote] as const)
    : ([quote, db.all<StatusRow>(discountStatus(input, redeemerKey))] as const);
}

/** What quoteReads' statements answered, in their order. */
export type QuoteRows = readonly unknown[][];

export type PricedRead = { quote: Quote; codeStatus: string | null; minSubtotalCents: number | null };

export function parseQuote(rows: QuoteRows, input: PricingInput, store: StoreSettings): PricedRead {
  const row = rows[0]?.[0] as QuoteRow | undefined;
  const status = rows[1]?.[0] as StatusRow | undefined;
  if (!row) throw new Error('the quote returned no row');
  const lines = (JSON.parse(row.lines) as QuoteLine[]).map((line) => ({ ...line, variantId: Number(line.variantId) }));
  return {
    quote: {
      currency: store.currency,
      pricesIncludeTax: store.pricesIncludeTax,
      subtotalCents: Number(row.subtotal),
      discountCents: Number(row.discount),
      shippingCents: row.shipping === null ? null : Number(row.shipping),
      shippingMethodName: row.shipping_name,
      taxCents: Number(row.tax),
      shippingTaxCents: Number(row.shipping_tax),
      totalCents: row.total === null ? null : Number(row.total),
      discountCode: row.code,
      country: row.country,
      lines,
    },
    codeStatus: input.discountCode === null ? null : (status?.status ?? 'unknown'),
    minSubtotalCents: status?.minSubtotalCents ?? null,
  };
}

const CODE_REFUSALS: Record<string, (code: string, min: number | null) => DomainError> = {
  unknown: (code) => new DomainError('DISCOUNT_NOT_APPLICABLE', `There is no discount code ${code}`, { code }),
  inactive: (code) => new DomainError('DISCOUNT_NOT_APPLICABLE', `The code ${code} is not active`, { code }),
  not_started: (code) => new DomainError('DISCOUNT_NOT_APPLICABLE', `The code ${code} is not valid yet`, { code }),
  ended: (code) => new DomainError('DISCOUNT_NOT_APPLICABLE', `The code ${code} has expired`, { code }),
  min_subtotal: (code, min) =>
    new DomainError(
      'DISCOUNT_NOT_APPLICABLE',
      `The code ${code} needs a subtotal of at least ${((min ?? 0) / 100).toFixed(2)}`,
      { code, minSubtotalCents: min },
    ),
  exhausted: (code) =>
    new DomainError('DISCOUNT_EXHAUSTED', `The code ${code} has been used as often as it may be`, { code }),
  used: (code) =>
    new DomainError('DISCOUNT_ALREADY_USED', `You have already used the code ${code} as often as it allows`, { code }),
};

/**
 * The refusal a priced order earns, if any: a method that does not ship to
 * the destination, a code that does not apply (or is used up), an order too
 * large, or a total other than the one the shopper agreed to.
 */
export function pricingFailure(
  priced: PricedRead,
  input: PricingInput,
  expectedTotalCents?: number,
): DomainError | undefined {
  const { quote, codeStatus, minSubtotalCents } = priced;
  if (quote.shippingCents === null) {
    return new DomainError(
      'SHIPPING_METHOD_UNAVAILABLE',
      `Shipping method ${input.shippingMethodId} does not ship to this address's country; choose another`,
      { shippingMethodId: input.shippingMethodId },
    );
  }
  if (codeStatus !== null && codeStatus !== 'ok') {
    return (CODE_REFUSALS[codeStatus] ?? CODE_REFUSALS.unknown)?.(input.discountCode ?? '', minSubtotalCents);
  }
  if (quote.subtotalCents > MAX_ORDER_SUBTOTAL_CENTS) {
    return new DomainError('ORDER_TOO_LARGE', 'One order may come to at most 10,000,000.00 before discount', {
      subtotalCents: quote.subtotalCents,
    });
  }
  if (expectedTotalCents !== undefined && quote.totalCents !== expectedTotalCents) {
    return new DomainError(
      'PRICE_CHANGED',
      'The total changed since you saw it (a price, rate, shipping or code changed); review the new total and place the order again',
      { expectedTotalCents, totalCents: quote.totalCents, quote },
    );
  }
  return undefined;
}

/** Reads and parses a quote in one round trip (a read batch). */
export async function readQuote(
  db: Db,
  input: PricingInput,
  redeemerKey: string | null,
  store: StoreSettings,
): Promise<PricedRead> {
  const rows = await db.batch(quoteReads(db, input, redeemerKey));
  return parseQuote(rows as QuoteRows, input, store);
}
