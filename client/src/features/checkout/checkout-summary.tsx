/** The cart as it will be ordered, beside the checkout form; lines that cannot be supplied are marked, and fixed in the cart. */
import { formatCents } from '../../../../src/shared/money.ts';
import { Link } from '../../router.tsx';
import type { Outputs } from '../../types.ts';
import { type CartItem, shortage } from '../cart/cart-line.tsx';
import { formatOptions, variantName } from '../catalog/variant-options.ts';

type Cart = Outputs['cart']['get'];

function SummaryLine({ line, flagged }: { line: CartItem; flagged: boolean }) {
  const problem = shortage(line, flagged);
  const options = formatOptions(line.options);
  return (
    <li className={`summary-line${problem ? ' short' : ''}`} aria-label={variantName(line.name, line.options)}>
      <span className="summary-line-name">
        {line.name}
        {options && <span className="options">{options}</span>}
      </span>
      <span className="hint nowrap">
        {line.quantity} × {formatCents(line.priceCents)}
      </span>
      <span className="nowrap">{formatCents(line.subtotalCents)}</span>
      {problem && (
        <p className="field-error summary-line-problem" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
}

export function CheckoutSummary({ cart, flaggedIds }: { cart: Cart; flaggedIds: number[] }) {
  return (
    <aside className="card checkout-summary" aria-labelledby="checkout-summary-title">
      <h2 id="checkout-summary-title">Your order</h2>
      <ul className="summary-lines" aria-label="Items to order">
        {cart.items.map((line) => (
          <SummaryLine key={line.variantId} line={line} flagged={flaggedIds.includes(line.variantId)} />
        ))}
      </ul>
      <p className="total">
        Total <strong data-testid="checkout-total">{formatCents(cart.totalCents)}</strong>
      </p>
      <Link to="/cart">Change the cart</Link>
    </aside>
  );
}
