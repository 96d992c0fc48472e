/** The cart: change quantities, remove lines, see totals, and check out once per attempt. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { formatCents } from '../../../../src/shared/money.ts';
import type { ErrorReason } from '../../../../src/shared/reasons.ts';
import { describeError, errorOrderId, errorReason, errorVariantIds, isNoAnswer, queryClient, trpc } from '../../api.ts';
import { Link, navigate } from '../../router.tsx';
import { Empty, ErrorNotice, QueryView } from '../../ui.tsx';
import { CartLine } from './cart-line.tsx';
import { cartFingerprint, checkoutKeyFor, endCheckoutAttempt, noteCartShown } from './checkout-key.ts';

const CHECKOUT_MESSAGES: Partial<Record<ErrorReason, string>> = {
  INSUFFICIENT_STOCK: 'Some items no longer have enough stock. Lower the marked quantities and check out again.',
  PRODUCT_UNAVAILABLE: 'Some items are no longer sold. Remove the marked lines and check out again.',
  CART_EMPTY: 'Your cart is empty.',
  IDEMPOTENCY_KEY_REUSED: 'Your cart changed while checking out. Review it and check out again.',
};
const NO_ANSWER =
  'We could not confirm your order. Press Checkout again: it retries the same attempt, so you will not get two orders.';

function checkoutProblem(error: unknown): string {
  if (isNoAnswer(error)) return NO_ANSWER;
  const reason = errorReason(error);
  return (reason && CHECKOUT_MESSAGES[reason]) || describeError(error);
}

export function CartPage() {
  const cart = useQuery(trpc.cart.get.queryOptions());
  const [flaggedIds, setFlaggedIds] = useState<number[]>([]);
  const submitting = useRef(false);
  const refresh = () => queryClient.invalidateQueries(trpc.cart.pathFilter());
  const shownFingerprint = cart.data ? cartFingerprint(cart.data.items) : undefined;

  useEffect(() => {
    if (shownFingerprint !== undefined) noteCartShown(shownFingerprint);
  }, [shownFingerprint]);

  const checkout = useMutation(
    trpc.checkout.place.mutationOptions({
      onSuccess: (order) => {
        endCheckoutAttempt();
        void queryClient.invalidateQueries(trpc.cart.pathFilter());
        void queryClient.invalidateQueries(trpc.orders.pathFilter());
        void queryClient.invalidateQueries(trpc.catalog.pathFilter());
        navigate(`/orders/${order.id}?placed=1`);
      },
      onError: (error) => {
        // Without an answer the order may or may not exist: the cart stays as shown and
        // Checkout retries with the same key, which the server answers with that order.
        if (isNoAnswer(error)) return;
        if (errorReason(error) === 'IDEMPOTENCY_KEY_REUSED') endCheckoutAttempt();
        setFlaggedIds(errorVariantIds(error));
        void refresh();
      },
      onSettled: () => {
        submitting.current = false;
      },
    }),
  );

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
          const placeOrder = () => {
            // A second click before React re-renders must not start a second request.
            if (submitting.current) return;
            submitting.current = true;
            checkout.mutate({ idempotencyKey: checkoutKeyFor(cartFingerprint(data.items)) });
          };
          return (
            <>
              <ul className="cart-lines" aria-label="Cart items">
                {data.items.map((line) => (
                  <CartLine
                    key={line.variantId}
                    line={line}
                    flagged={flaggedIds.includes(line.variantId)}
                    onChanged={() => setFlaggedIds((ids) => ids.filter((id) => id !== line.variantId))}
                  />
                ))}
              </ul>
              <div className="cart-summary">
                <p className="total">
                  Total <strong data-testid="cart-total">{formatCents(data.totalCents)}</strong>
                </p>
                {checkout.error && <ErrorNotice error={checkout.error} message={checkoutProblem(checkout.error)} />}
                {checkout.error && errorOrderId(checkout.error) !== undefined && (
                  <p className="hint">
                    Your earlier checkout placed{' '}
                    <Link to={`/orders/${errorOrderId(checkout.error)}`}>order #{errorOrderId(checkout.error)}</Link>.
                  </p>
                )}
                <button
                  type="button"
                  className="primary large"
                  onClick={placeOrder}
                  disabled={checkout.isPending}
                  aria-busy={checkout.isPending || undefined}
                >
                  Checkout
                </button>
                {checkout.isPending && (
                  <p role="status" className="hint">
                    Placing your order…
                  </p>
                )}
              </div>
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
