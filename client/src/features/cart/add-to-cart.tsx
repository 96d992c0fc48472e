/** The "Add to cart" button, for customers and guests alike: refuses sold-out variants, refreshes the cart. */
import { useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import type { ErrorReason } from '../../../../src/shared/reasons.ts';
import { describeError, errorDetailNumber, errorReason, queryClient, trpc } from '../../api.ts';
import { addToCart } from './cart-add.ts';

type Props = {
  /** The variant to add; null while none can be (no variant chosen, or none on sale). */
  variantId: number | null;
  stock: number;
  quantity?: number;
  describedBy?: string;
};

/** The cart's refusals in a shopper's words; the server's messages name variant ids. */
const REFUSALS: Partial<Record<ErrorReason, (error: unknown) => string>> = {
  INSUFFICIENT_STOCK: (error) => {
    const available = errorDetailNumber(error, 'available') ?? 0;
    const inCart = errorDetailNumber(error, 'inCart') ?? 0;
    return `Only ${available} in stock${inCart > 0 ? `, and ${inCart} already in your cart` : ''}.`;
  },
  PRODUCT_UNAVAILABLE: () => 'This item is no longer for sale.',
};

function refusal(error: unknown): string {
  const reason = errorReason(error);
  return (reason && REFUSALS[reason]?.(error)) || describeError(error);
}

export function AddToCartButton({ variantId, stock, quantity = 1, describedBy }: Props) {
  const statusId = useId();
  const add = useMutation({
    mutationFn: addToCart,
    onSettled: () => queryClient.invalidateQueries(trpc.cart.pathFilter()),
  });

  const onClick = () => {
    if (variantId !== null) add.mutate({ variantId, quantity });
  };

  return (
    <div className="add-to-cart">
      <button
        type="button"
        className="primary"
        onClick={onClick}
        disabled={variantId === null || stock <= 0 || add.isPending}
        aria-busy={add.isPending || undefined}
        aria-describedby={[describedBy, statusId].filter(Boolean).join(' ')}
      >
        Add to cart
      </button>
      <span id={statusId} role="status" className={add.isError ? 'field-error' : 'hint'}>
        {add.isSuccess ? 'Added to cart' : add.isError ? refusal(add.error) : ''}
      </span>
    </div>
  );
}
