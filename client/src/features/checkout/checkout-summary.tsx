/**
 * The order as it will be placed, beside the checkout form: the cart's lines
 * (those that cannot be supplied marked, and fixed in the cart) and the
 * price for the shopper's choices, row by row, from the server's quote. Until
 * the destination and a shipping method are known, only the subtotal is.
 */
import { Link } from '../../router.tsx';
import { useMoney, useStoreSettings } from '../../store-settings.tsx';
import type { Outputs } from '../../types.ts';
import { type CartItem, shortage } from '../cart/cart-line.tsx';
import { formatOptions, variantName } from '../catalog/variant-options.ts';
import { type Breakdown, PriceBreakdown, quoteTaxLines } from '../orders/price-breakdown.tsx';
import type { Quote } from './checkout-quote.ts';

type Cart = Outputs['cart']['get'];

function SummaryLine({ line, flagged }: { line: CartItem; flagged: boolean }) {
  const money = useMoney();
  const problem = shortage(line, flagged);
  const options = formatOptions(line.options);
  return (
    <li className={`summary-line${problem ? ' short' : ''}`} aria-label={variantName(line.name, line.options)}>
      <span className="summary-line-name">
        {line.name}
        {options && <span className="options">{options}</span>}
      </span>
      <span className="hint nowrap">
        {line.quantity} × {money(line.priceCents)}
      </span>
      <span className="nowrap">{money(line.subtotalCents)}</span>
      {problem && (
        <p className="field-error summary-line-problem" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
}

/** A quote as the breakdown shows it; null for one that cannot be placed (it then names no method or total). */
function breakdownOf(quote: Quote): Breakdown | null {
  const { shippingCents, totalCents } = quote;
  if (shippingCents === null || totalCents === null) return null;
  return { ...quote, shippingCents, totalCents, taxLines: quoteTaxLines(quote) };
}

type Props = {
  cart: Cart;
  flaggedIds: number[];
  /** The price shown (maybe the last one, while the next is on its way), and whether it is updating. */
  quote: Quote | undefined;
  updating: boolean;
};

export function CheckoutSummary({ cart, flaggedIds, quote, updating }: Props) {
  const money = useMoney();
  const { pricesIncludeTax } = useStoreSettings();
  const breakdown = quote ? breakdownOf(quote) : null;
  return (
    <aside className="card checkout-summary" aria-labelledby="checkout-summary-title" aria-busy={updating || undefined}>
      <h2 id="checkout-summary-title">Your order</h2>
      <ul className="summary-lines" aria-label="Items to order">
        {cart.items.map((line) => (
          <SummaryLine key={line.variantId} line={line} flagged={flaggedIds.includes(line.variantId)} />
        ))}
      </ul>
      {breakdown ? (
        <div className={updating ? 'updating' : undefined}>
          <PriceBreakdown breakdown={breakdown} totalTestId="checkout-total" />
        </div>
      ) : (
        <>
          <p className="total">
            Subtotal <strong>{money(cart.totalCents)}</strong>
          </p>
          <p className="hint">
            {pricesIncludeTax ? 'Prices include tax. Shipping' : 'Shipping and tax'} follow once you say where the order
            goes.
          </p>
        </>
      )}
      <p role="status" className="hint">
        {updating ? 'Updating the total…' : ''}
      </p>
      <Link to="/cart">Change the cart</Link>
    </aside>
  );
}
