/**
 * Checkout, for customers and guests: where the order goes (a guest types
 * the address and an email; a customer chooses a saved address or types a
 * new one), how it ships, a discount code, how it is paid, and the price of
 * all that from the server, updated as the choices change. Every field is
 * checked with the API's own schemas before anything is sent, and the order
 * is placed at the total on screen.
 */
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { z } from 'zod';
import { addressFields, emailSchema } from '../../../../src/shared/fields.ts';
import { errorOrderId, errorVariantIds, queryClient, trpc } from '../../api.ts';
import { Link, useLocation } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { useMoney } from '../../store-settings.tsx';
import type { Outputs } from '../../types.ts';
import { Empty, ErrorNotice, Field, type FieldErrors, formValues, QueryView, validate } from '../../ui.tsx';
import { PAYMENT_METHOD_LABELS } from '../orders/status-labels.ts';
import { type CheckoutChoices, useCheckoutChoices } from './checkout-choices.ts';
import { cartFingerprint, noteCartShown } from './checkout-key.ts';
import { checkoutProblem } from './checkout-problems.ts';
import { ChoiceSections, ShipToSection } from './checkout-sections.tsx';
import { CheckoutSummary } from './checkout-summary.tsx';
import { type PricingRequest, usePlaceOrder } from './place-order.ts';

type Cart = Outputs['cart']['get'];

const guestContact = z.object({ email: emailSchema });

/** A typed address (and, for a guest, the email) checked: the fields' errors, and the request once there are none. */
function checkTyped(values: Record<string, string>, withEmail: boolean) {
  const contact = withEmail ? validate(guestContact, values) : ({ ok: true, data: { email: undefined } } as const);
  const address = validate(addressFields, values);
  const errors = { ...(contact.ok ? {} : contact.errors), ...(address.ok ? {} : address.errors) };
  if (!contact.ok || !address.ok) return { errors };
  return { errors, request: { email: contact.data.email, shipTo: { address: address.data } } };
}

/** The pricing Place order agrees to: exactly what the price on screen was asked for; null until there is one. */
function pricingOf(choices: CheckoutChoices): PricingRequest | null {
  const { input, quote } = choices.quote;
  if (!input || !quote || quote.totalCents === null || !choices.paymentMethod) return null;
  return {
    shippingMethodId: input.shippingMethodId,
    discountCode: input.discountCode,
    paymentMethod: choices.paymentMethod,
    expectedTotalCents: quote.totalCents,
  };
}

export function CheckoutPage() {
  const cart = useQuery(trpc.cart.get.queryOptions());
  const shown = cart.data ? cartFingerprint(cart.data.items) : undefined;

  useEffect(() => {
    if (shown === undefined) return;
    noteCartShown(shown);
    // Another tab changed the cart: its price is another one.
    void queryClient.invalidateQueries(trpc.checkout.quote.pathFilter());
  }, [shown]);

  return (
    <section aria-labelledby="checkout-title" className="checkout">
      <h1 id="checkout-title">Checkout</h1>
      <QueryView query={cart} loading="Loading your cart…">
        {(data) =>
          data.items.length === 0 ? (
            <Empty>
              Your cart is empty. <Link to="/">Browse the shop</Link>
            </Empty>
          ) : (
            <CheckoutForm cart={data} />
          )
        }
      </QueryView>
    </section>
  );
}

function CheckoutForm({ cart }: { cart: Cart }) {
  const { session } = useSession();
  const { path } = useLocation();
  const money = useMoney();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [unpriced, setUnpriced] = useState<string | null>(null);
  const addresses = useQuery({ ...trpc.addresses.list.queryOptions(), enabled: session !== null });
  const choices = useCheckoutChoices({ guest: !session, savedAddresses: addresses.data });
  const placing = usePlaceOrder({
    fingerprint: cartFingerprint(cart.items),
    onAddressSaved: choices.chooseShipTo,
    onPriceChanged: choices.quote.replace,
    onCodeRefused: choices.dropCode,
  });
  const pricing = pricingOf(choices);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = formValues(event.currentTarget);
    const typed = session && choices.shipTo !== 'new' ? null : checkTyped(values, !session);
    setErrors(typed?.errors ?? {});
    setUnpriced(pricing ? null : choices.unpriced());
    if (!pricing) return;
    if (typeof choices.shipTo === 'number') {
      void placing.submit({ shipTo: { addressId: choices.shipTo }, pricing });
    } else if (typed?.request) {
      void placing.submit({ ...typed.request, saveAddress: values.saveAddress === 'on', pricing });
    }
  };

  const quoteError = choices.quote.error;
  const problem =
    placing.problem ?? (quoteError ? checkoutProblem(quoteError, 'quote', money) : pricing ? null : unpriced);
  const earlierOrder = session ? errorOrderId(placing.error) : undefined;
  return (
    <div className="checkout-columns">
      <form className="card form checkout-form" onSubmit={submit} noValidate aria-labelledby="checkout-title">
        {!session && (
          <fieldset>
            <legend>Contact</legend>
            <Field
              label="Email"
              name="email"
              type="email"
              autoComplete="email"
              error={errors.email}
              hint="Your order is kept under this email."
              onBlur={(event) => choices.noteGuestEmail(event.currentTarget.value)}
            />
            <p className="hint">
              Have an account? <Link to={`/signin?next=${encodeURIComponent(path)}`}>Sign in</Link> to use your saved
              addresses; your cart comes with you.
            </p>
          </fieldset>
        )}
        <ShipToSection guest={!session} choices={choices} addresses={addresses} errors={errors} />
        <ChoiceSections choices={choices} />
        {problem && (
          <ErrorNotice
            error={placing.error ?? quoteError}
            message={problem}
            onRetry={!placing.problem && quoteError ? choices.quote.retry : undefined}
          />
        )}
        {earlierOrder !== undefined && (
          <p className="hint">
            Your earlier checkout placed <Link to={`/orders/${earlierOrder}`}>order #{earlierOrder}</Link>.
          </p>
        )}
        <button
          type="submit"
          className="primary large"
          disabled={placing.isPending || (session !== null && !addresses.data) || choices.updating}
          aria-busy={placing.isPending || choices.updating || undefined}
        >
          Place order
        </button>
        {pricing && choices.paymentMethod && (
          <p className="hint">
            You agree to pay {money(pricing.expectedTotalCents)}, by{' '}
            {PAYMENT_METHOD_LABELS[choices.paymentMethod].toLowerCase()}.
          </p>
        )}
        {placing.isPending && (
          <p role="status" className="hint">
            Placing your order…
          </p>
        )}
      </form>
      <CheckoutSummary
        cart={cart}
        flaggedIds={[...placing.flaggedIds, ...errorVariantIds(quoteError)]}
        quote={choices.quote.shown}
        updating={choices.updating}
      />
    </div>
  );
}
