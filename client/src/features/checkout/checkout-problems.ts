/**
 * Why a checkout (or its price) was refused, in the shopper's words, with
 * what to do next. The server's own message is used where it already says
 * that to a shopper (a discount code's reason, the pending-orders cap); the
 * rest name ids and fields, so they get words here.
 */
import { MAX_ADDRESSES } from '../../../../src/shared/limits.ts';
import type { ErrorReason } from '../../../../src/shared/reasons.ts';
import { describeError, errorDetailNumber, errorReason, isNoAnswer } from '../../api.ts';

/** The refusals that concern the discount code alone: the code comes off, the rest of the checkout stands. */
export const CODE_REFUSALS: readonly ErrorReason[] = [
  'DISCOUNT_NOT_APPLICABLE',
  'DISCOUNT_EXHAUSTED',
  'DISCOUNT_ALREADY_USED',
];

const MESSAGES: Partial<Record<ErrorReason, string>> = {
  INSUFFICIENT_STOCK:
    'Some items no longer have enough stock. Lower the marked quantities in your cart, then place the order again.',
  PRODUCT_UNAVAILABLE:
    'Some items are no longer sold. Remove the marked lines from your cart, then place the order again.',
  CART_EMPTY: 'Your cart is empty.',
  IDEMPOTENCY_KEY_REUSED: 'Your cart changed while checking out. Review it and place the order again.',
  GUEST_DETAILS_REQUIRED: 'Enter your email and a shipping address.',
  ADDRESS_REQUIRED: 'Choose or type a shipping address.',
  ADDRESS_NOT_FOUND:
    'The saved address you chose no longer exists (deleted in another tab?). Choose another or type one.',
  TOO_MANY_ADDRESSES: `Your address book is full (${MAX_ADDRESSES} addresses), so this address was not saved and the order was not placed. Untick "Save to my address book", or delete an address first.`,
  SHIPPING_METHOD_UNAVAILABLE:
    'The shipping method you chose no longer ships to this address. Choose one of those shown, then place the order again.',
};

const NO_ANSWER =
  'We could not confirm your order. Press Place order again: it retries the same attempt, so you will not get two orders.';

const SAVE_NO_ANSWER =
  'We could not confirm that your address was saved, and the order was not placed. Press Place order to try again.';

const QUOTE_NO_ANSWER = 'We could not work out the total just now. Check your connection and try again.';

/** A sentence ending as sentences do, to put another after it: the server's messages have no full stop. */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/**
 * `stage` says which call failed: saving the typed address to the address
 * book, placing the order, or pricing it; `money` formats amounts in the
 * store's currency.
 */
export function checkoutProblem(
  error: unknown,
  stage: 'save' | 'place' | 'quote',
  money: (cents: number) => string,
): string {
  if (isNoAnswer(error)) return stage === 'save' ? SAVE_NO_ANSWER : stage === 'quote' ? QUOTE_NO_ANSWER : NO_ANSWER;
  const reason = errorReason(error);
  if (reason === 'PRICE_CHANGED') {
    const was = errorDetailNumber(error, 'expectedTotalCents');
    const now = errorDetailNumber(error, 'totalCents');
    const change = was !== undefined && now !== undefined ? ` from ${money(was)} to ${money(now)}` : '';
    return `The total changed${change} since you saw it: a price, a tax rate, shipping or the code changed. Check the new total, then press Place order again to order at it.`;
  }
  if (reason && CODE_REFUSALS.includes(reason)) {
    return `${sentence(describeError(error))} We took the code off: check the new total, then press Place order again.`;
  }
  return (reason && MESSAGES[reason]) || describeError(error);
}
