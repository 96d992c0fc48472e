/** Why a checkout was refused, in the shopper's words; the server's messages name ids and fields. */
import { MAX_ADDRESSES } from '../../../../src/shared/limits.ts';
import type { ErrorReason } from '../../../../src/shared/reasons.ts';
import { describeError, errorReason, isNoAnswer } from '../../api.ts';

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
};

const NO_ANSWER =
  'We could not confirm your order. Press Place order again: it retries the same attempt, so you will not get two orders.';

const SAVE_NO_ANSWER =
  'We could not confirm that your address was saved, and the order was not placed. Press Place order to try again.';

/** `stage` says which call failed: saving the typed address to the address book, or placing the order. */
export function checkoutProblem(error: unknown, stage: 'save' | 'place' = 'place'): string {
  if (isNoAnswer(error)) return stage === 'save' ? SAVE_NO_ANSWER : NO_ANSWER;
  const reason = errorReason(error);
  return (reason && MESSAGES[reason]) || describeError(error);
}
