/** The cart: change quantities, remove lines, see the total, and go on to checkout. */
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { formatCents } from '../../../../src/shared/money.ts';
import { trpc } from '../../api.ts';
import { Link } from '../../router.tsx';
import { Empty, QueryView } from '../../ui.tsx';
import { cartFingerprint, noteCartShown } from '../checkout/checkout-key.ts';
import { CartLine } from './cart-line.tsx';

export function CartPage() {
  const cart = useQuery(trpc.cart.get.queryOptions());
  const shownFingerprint = cart.data ? cartFingerprint(cart.data.items) : undefined;

  useEffect(() => {
    if (shownFingerprint !== undefined) noteCartShown(shownFingerprint);
  }, [shownFingerprint]);

  return (
    <section aria-labelledby="cart-title" className="cart">
      <h1 id="cart-title">Your cart</h1>
      <QueryView query={cart} loading="Loading your cart…">
        {(data) => {
          if (data.items.length === 0) {
            return (
              <Empty>
                Your cart is empty. <Link to="/">Browse the shop</Link>
              </Empty>
            );
          }
          const short = data.items.some((line) => !line.available);
          return (
            <>
              <ul className="cart-lines" aria-label="Cart items">
                {data.items.map((line) => (
                  <CartLine key={line.variantId} line={line} />
                ))}
              </ul>
              <div className="cart-summary">
                <p className="total">
                  Total <strong data-testid="cart-total">{formatCents(data.totalCents)}</strong>
                </p>
                {short && <p className="hint">Some lines need changing before checkout: see the marked lines.</p>}
                <Link to="/checkout" className="button-link primary large">
                  Checkout
                </Link>
              </div>
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
