/**
 * Checkout, for customers and guests. A guest gives an email and types the
 * address; a customer chooses a saved address or types a new one. Every
 * field is checked with the API's own schemas before anything is sent.
 */
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { z } from 'zod';
import { addressFields, emailSchema } from '../../../../src/shared/fields.ts';
import { errorOrderId, trpc } from '../../api.ts';
import { Link, useLocation } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import type { Outputs } from '../../types.ts';
import { Empty, ErrorNotice, Field, type FieldErrors, formValues, Loading, QueryView, validate } from '../../ui.tsx';
import { AddressInputs } from '../addresses/address-fields.tsx';
import { cartFingerprint, noteCartShown } from './checkout-key.ts';
import { CheckoutSummary } from './checkout-summary.tsx';
import { type PlaceRequest, usePlaceOrder } from './place-order.ts';
import { type ShipChoice, ShipToChoice, shownChoice } from './ship-to-choice.tsx';

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

export function CheckoutPage() {
  const cart = useQuery(trpc.cart.get.queryOptions());
  const shown = cart.data ? cartFingerprint(cart.data.items) : undefined;

  useEffect(() => {
    if (shown !== undefined) noteCartShown(shown);
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
  const [choice, setChoice] = useState<ShipChoice | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const addresses = useQuery({ ...trpc.addresses.list.queryOptions(), enabled: session !== null });
  const placing = usePlaceOrder({ fingerprint: cartFingerprint(cart.items), onAddressSaved: setChoice });
  const saved = addresses.data ?? [];
  const current = shownChoice(choice, saved);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = formValues(event.currentTarget);
    if (session && current !== 'new') {
      setErrors({});
      void placing.submit({ shipTo: { addressId: current } });
      return;
    }
    const checked = checkTyped(values, !session);
    setErrors(checked.errors);
    if (!checked.request) return;
    const request: PlaceRequest = { ...checked.request, saveAddress: values.saveAddress === 'on' };
    void placing.submit(request);
  };

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
            />
            <p className="hint">
              Have an account? <Link to={`/signin?next=${encodeURIComponent(path)}`}>Sign in</Link> to use your saved
              addresses; your cart comes with you.
            </p>
          </fieldset>
        )}
        <fieldset>
          <legend>Shipping address</legend>
          {!session ? (
            <AddressInputs errors={errors} autofillSection="shipping" />
          ) : addresses.data ? (
            <ShipToChoice addresses={saved} choice={current} onChoose={setChoice} errors={errors} />
          ) : addresses.error ? (
            <ErrorNotice error={addresses.error} onRetry={() => void addresses.refetch()} />
          ) : (
            <Loading label="Loading your addresses…" />
          )}
        </fieldset>
        {placing.problem && <ErrorNotice error={placing.error} message={placing.problem} />}
        {earlierOrder !== undefined && (
          <p className="hint">
            Your earlier checkout placed <Link to={`/orders/${earlierOrder}`}>order #{earlierOrder}</Link>.
          </p>
        )}
        <button
          type="submit"
          className="primary large"
          disabled={placing.isPending || (session !== null && !addresses.data)}
          aria-busy={placing.isPending || undefined}
        >
          Place order
        </button>
        {placing.isPending && (
          <p role="status" className="hint">
            Placing your order…
          </p>
        )}
      </form>
      <CheckoutSummary cart={cart} flaggedIds={placing.flaggedIds} />
    </div>
  );
}
