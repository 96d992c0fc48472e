/** The cart: change quantities, remove lines, see the subtotal, and go on to checkout (which adds shipping and tax). */
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { trpc } from '../../api.ts';
import { Link } from '../../router.tsx';
import { useMoney, useStoreSettings } from '../../store-settings.tsx';
import { Empty, QueryView } from '../../ui.tsx';
import { cartFingerprint, noteCartShown } from '../checkout/checkout-key.ts';
import { CartLine } from './cart-line.tsx';

export function CartPage() {
  const cart = useQuery(trpc.cart.get.queryOptions());
  const money = useMoney();
  const { pricesIncludeTax } = useStoreSettings();
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
                  Subtotal <strong data-testid="cart-total">{money(data.totalCents)}</strong>
                </p>
                <p className="hint">
                  {pricesIncludeTax
                    ? 'Prices include tax. Shipping is added at checkout'
                    : 'Shipping and tax are added at checkout'}
                  , where you can also enter a discount code.
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
