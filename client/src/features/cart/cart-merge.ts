/**
 * What signing in did to a guest's cart, in the shopper's words. The server
 * moves the guest's lines into the account's cart and reports the lines it
 * could not move whole (`cartMerge`, by variant id); the guest cart as last
 * read names them. The notice is kept in sessionStorage until dismissed, so
 * it survives the navigation after signing in and a reload.
 */
import { useSyncExternalStore } from 'react';
import { MAX_LINE_QUANTITY, MAX_ORDER_LINES } from '../../../../src/shared/limits.ts';
import type { Outputs } from '../../types.ts';
import { variantName } from '../catalog/variant-options.ts';

type CartMerge = NonNullable<Outputs['auth']['signIn']['cartMerge']>;
type MergedLine = CartMerge['clamped'][number];
type Cart = Outputs['cart']['get'];

export type CartMergeNotice = {
  /** Guest lines that moved at all, whole or in part. */
  moved: number;
  /** One sentence per line that did not move whole. */
  changes: Array<{ variantId: number; text: string }>;
};

function lineChange(line: MergedLine, name: string): string {
  const added = line.quantity - line.had;
  const partly = `${name}: ${added} of the ${line.guestQuantity} you had added`;
  switch (line.limitedBy) {
    case 'unavailable':
      return `${name} is no longer for sale, so it was not added.`;
    case 'cart_full':
      return `${name} was not added: a cart holds at most ${MAX_ORDER_LINES} different items.`;
    case 'line_limit':
      return `${partly}, since one line holds at most ${MAX_LINE_QUANTITY}.`;
    case 'stock':
      if (line.quantity === 0) return `${name} is sold out, so it was not added.`;
      if (added === 0) return `${name} was not added: your cart already holds all ${line.had} in stock.`;
      return `${partly}, since only ${line.quantity} are in stock; your cart now holds ${line.quantity}.`;
    default:
      return `${partly}.`;
  }
}

/** The notice for a sign-in's merge, or null when there was no guest cart to merge. */
export function describeCartMerge(merge: CartMerge, guestCart: Cart | null): CartMergeNotice | null {
  const lines = [...merge.clamped, ...merge.dropped];
  if (merge.merged + lines.length === 0) return null;
  const nameOf = (variantId: number) => {
    const line = guestCart?.items.find((item) => item.variantId === variantId);
    return line ? variantName(line.name, line.options) : 'An item';
  };
  return {
    moved: merge.merged + merge.clamped.length,
    changes: lines.map((line) => ({ variantId: line.variantId, text: lineChange(line, nameOf(line.variantId)) })),
  };
}

const KEY = 'stockroom.cart-merge-notice';
const listeners = new Set<() => void>();

/** Shows `notice` until dismissed; null (every sign-in without one) clears an old one. */
export function setCartMergeNotice(notice: CartMergeNotice | null): void {
  if (notice) sessionStorage.setItem(KEY, JSON.stringify(notice));
  else sessionStorage.removeItem(KEY);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The stored notice as its JSON text, which stays the same string between changes (a stable snapshot). */
const snapshot = () => sessionStorage.getItem(KEY);

export function useCartMergeNotice(): CartMergeNotice | null {
  const raw = useSyncExternalStore(subscribe, snapshot);
  return raw ? (JSON.parse(raw) as CartMergeNotice) : null;
}
