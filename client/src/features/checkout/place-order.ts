/**
 * Placing the order, once per attempt: the idempotency key is the cart's
 * (checkout-key.ts), so a double click, a retry after a lost answer or a
 * second tab places at most one order, and a retry gets that order back (its
 * ship-to is what the first attempt sent). A customer's "save to my address
 * book" is an addresses.add before placing; the saved address is then the
 * choice, so a retry sends the same request and saves nothing twice.
 *
 * The order is placed at the total the shopper saw (`expectedTotalCents`);
 * when the server prices it otherwise (PRICE_CHANGED) nothing is written,
 * the new price it sends is shown, and the next press agrees to that one.
 * A card order's answer carries its Checkout Session URL: the browser goes
 * there to pay, and Stripe sends it back to the order's page.
 */
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { AddressFields } from '../../../../src/shared/fields.ts';
import type { PaymentMethod } from '../../../../src/shared/payment-status.ts';
import { describeError, errorDetail, errorReason, errorVariantIds, isNoAnswer, queryClient, trpc } from '../../api.ts';
import { navigate } from '../../router.tsx';
import { useMoney } from '../../store-settings.tsx';
import { orderLinkPath, rememberGuestOrder } from '../orders/guest-order-links.ts';
import { checkoutKeyFor, endCheckoutAttempt } from './checkout-key.ts';
import { CODE_REFUSALS, checkoutProblem } from './checkout-problems.ts';
import type { Quote } from './checkout-quote.ts';

export type ShipToRequest = { addressId: number } | { address: AddressFields };

/** How the order is priced and paid, as the shopper saw it priced. */
export type PricingRequest = {
  shippingMethodId: number;
  discountCode?: string;
  paymentMethod: PaymentMethod;
  /** The total on screen when Place order was pressed. */
  expectedTotalCents: number;
};

export type PlaceRequest = {
  /** A guest's email; a customer's order uses their account's. */
  email?: string;
  shipTo: ShipToRequest;
  /** Save the typed address to the customer's address book first. */
  saveAddress?: boolean;
  pricing: PricingRequest;
};

type Options = {
  /** What the cart held when the shopper pressed Place order (see checkout-key.ts). */
  fingerprint: string;
  /** The typed address was saved with this id: make it the page's choice. */
  onAddressSaved: (id: number) => void;
  /** The server priced the order differently: show its price (PRICE_CHANGED's `quote`). */
  onPriceChanged: (quote: Omit<Quote, 'shippingMethodId'>) => void;
  /** The discount code no longer applies: take it off, with the server's reason. */
  onCodeRefused: (problem: string) => void;
};

/** Whether PRICE_CHANGED's details carry a quote to show (the server's Quote; only its total is relied on). */
function carriedQuote(error: unknown): Omit<Quote, 'shippingMethodId'> | undefined {
  const quote = errorDetail(error, 'quote');
  return quote && typeof quote === 'object' && 'totalCents' in quote
    ? (quote as Omit<Quote, 'shippingMethodId'>)
    : undefined;
}

export function usePlaceOrder({ fingerprint, onAddressSaved, onPriceChanged, onCodeRefused }: Options) {
  const submitting = useRef(false);
  const [flaggedIds, setFlaggedIds] = useState<number[]>([]);
  const money = useMoney();
  const save = useMutation(
    trpc.addresses.add.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.addresses.pathFilter()),
    }),
  );
  const place = useMutation(
    trpc.checkout.place.mutationOptions({
      onSuccess: (order) => {
        endCheckoutAttempt();
        void queryClient.invalidateQueries(trpc.cart.pathFilter());
        void queryClient.invalidateQueries(trpc.orders.pathFilter());
        void queryClient.invalidateQueries(trpc.catalog.pathFilter());
        if ('accessToken' in order) {
          const { accessToken: token, id: orderId, createdAt: placedAt, totalCents } = order;
          rememberGuestOrder({ token, orderId, placedAt, totalCents });
        }
        // A card order is paid on Stripe's page, which sends the shopper back to the order's page.
        const sessionUrl = order.payment?.sessionUrl;
        if (order.payment?.method === 'card' && sessionUrl) {
          window.location.assign(sessionUrl);
        } else if ('accessToken' in order) {
          navigate(`${orderLinkPath(order.accessToken)}?placed=1`);
        } else {
          navigate(`/orders/${order.id}?placed=1`);
        }
      },
      onError: (error) => {
        // Without an answer the order may or may not exist: the cart stays as shown and
        // Place order retries with the same key, which the server answers with that order.
        if (isNoAnswer(error)) return;
        const reason = errorReason(error);
        if (reason === 'IDEMPOTENCY_KEY_REUSED') endCheckoutAttempt();
        if (reason === 'ADDRESS_NOT_FOUND') void queryClient.invalidateQueries(trpc.addresses.pathFilter());
        if (reason === 'SHIPPING_METHOD_UNAVAILABLE') void queryClient.invalidateQueries(trpc.shipping.pathFilter());
        const quote = reason === 'PRICE_CHANGED' ? carriedQuote(error) : undefined;
        if (quote) onPriceChanged(quote);
        else void queryClient.invalidateQueries(trpc.checkout.pathFilter());
        if (reason && CODE_REFUSALS.includes(reason)) onCodeRefused(describeError(error));
        setFlaggedIds(errorVariantIds(error));
        void queryClient.invalidateQueries(trpc.cart.pathFilter());
      },
      onSettled: () => {
        submitting.current = false;
      },
    }),
  );

  const submit = async ({ email, shipTo, saveAddress, pricing }: PlaceRequest) => {
    // A second click before React re-renders must not start a second request.
    if (submitting.current) return;
    submitting.current = true;
    save.reset();
    place.reset();
    let target = shipTo;
    if (saveAddress && 'address' in shipTo) {
      try {
        const saved = await save.mutateAsync({ ...shipTo.address, isDefault: false });
        onAddressSaved(saved.id);
        target = { addressId: saved.id };
      } catch {
        submitting.current = false;
        return;
      }
    }
    place.mutate({ idempotencyKey: checkoutKeyFor(fingerprint), email, shipTo: target, ...pricing });
  };

  const problem = save.error
    ? checkoutProblem(save.error, 'save', money)
    : place.error
      ? checkoutProblem(place.error, 'place', money)
      : null;
  return {
    submit,
    isPending: save.isPending || place.isPending,
    error: save.error ?? place.error,
    problem,
    /** The cart lines a stock or availability refusal named. */
    flaggedIds,
  };
}
