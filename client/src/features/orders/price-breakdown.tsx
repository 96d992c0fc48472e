/**
 * What an order costs, row by row: subtotal, discount with its code,
 * shipping with its method, tax by rate, total. One table for the checkout's
 * quote and for every order page, so the shopper reads the same words before
 * and after placing. The numbers are the server's (checkout.quote, the order
 * detail); this only lays them out, and never adds anything up itself.
 */
import { formatMoney, formatRate } from '../../money.ts';
import type { Outputs } from '../../types.ts';

export type TaxLine = { rateBps: number | null; on: 'goods' | 'shipping'; taxCents: number };

export type Breakdown = {
  currency: string;
  pricesIncludeTax: boolean;
  subtotalCents: number;
  discountCents: number;
  discountCode: string | null;
  shippingCents: number;
  shippingMethodName: string | null;
  taxCents: number;
  taxLines: TaxLine[];
  totalCents: number;
};

type Quote = Outputs['checkout']['quote'];

/**
 * A quote's tax by rate, grouped as the order detail's `taxLines` are (the
 * goods per rate, then the shipping's), so the checkout shows the rows the
 * order page will.
 */
export function quoteTaxLines(quote: Pick<Quote, 'lines' | 'shippingTaxCents'>): TaxLine[] {
  const byRate = new Map<number, number>();
  for (const line of quote.lines) {
    if (line.taxCents > 0) byRate.set(line.taxRateBps, (byRate.get(line.taxRateBps) ?? 0) + line.taxCents);
  }
  const goods = [...byRate].map(([rateBps, taxCents]) => ({ rateBps, on: 'goods' as const, taxCents }));
  const shipping =
    quote.shippingTaxCents > 0 ? [{ rateBps: null, on: 'shipping' as const, taxCents: quote.shippingTaxCents }] : [];
  return [...goods, ...shipping];
}

function taxLabel(line: TaxLine, included: boolean): string {
  const rate = line.rateBps === null ? '' : ` ${formatRate(line.rateBps)}`;
  const what = line.on === 'shipping' ? `tax on shipping${rate}` : `tax${rate}`;
  return included ? `Includes ${what}` : `${what.charAt(0).toUpperCase()}${what.slice(1)}`;
}

type Props = {
  breakdown: Breakdown;
  /** A test id for the total's amount (the checkout's is what "Place order" agrees to). */
  totalTestId?: string;
};

export function PriceBreakdown({ breakdown: b, totalTestId }: Props) {
  const money = (cents: number) => formatMoney(cents, b.currency);
  // Tax added on top is a row before the total; tax already in the prices is said after it.
  const taxRows: Array<{ key: string; label: string; cents: number }> =
    b.taxLines.length > 0
      ? b.taxLines.map((line) => ({
          key: `${line.on}-${line.rateBps}`,
          label: taxLabel(line, b.pricesIncludeTax),
          cents: line.taxCents,
        }))
      : b.taxCents > 0 || !b.pricesIncludeTax
        ? [{ key: 'tax', label: b.pricesIncludeTax ? 'Includes tax' : 'Tax', cents: b.taxCents }]
        : [];
  const taxRowsShown = taxRows.map((row) => (
    <tr key={row.key} className={b.pricesIncludeTax ? 'included-tax' : undefined}>
      <th scope="row">{row.label}</th>
      <td>{money(row.cents)}</td>
    </tr>
  ));
  return (
    <table className="price-breakdown" aria-label="Price breakdown">
      <tbody>
        <tr>
          <th scope="row">Subtotal</th>
          <td>{money(b.subtotalCents)}</td>
        </tr>
        {(b.discountCents > 0 || b.discountCode) && (
          <tr className="discount">
            <th scope="row">Discount{b.discountCode && ` (${b.discountCode})`}</th>
            <td>−{money(b.discountCents)}</td>
          </tr>
        )}
        <tr>
          <th scope="row">Shipping{b.shippingMethodName && ` · ${b.shippingMethodName}`}</th>
          <td>{b.shippingCents === 0 ? 'Free' : money(b.shippingCents)}</td>
        </tr>
        {!b.pricesIncludeTax && taxRowsShown}
        <tr className="grand-total">
          <th scope="row">Total</th>
          <td data-testid={totalTestId}>{money(b.totalCents)}</td>
        </tr>
        {b.pricesIncludeTax && taxRowsShown}
      </tbody>
    </table>
  );
}
