/** The "Add to cart" button: sends guests to sign in, refuses sold-out products, refreshes the cart. */
import { useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import { describeError, queryClient, trpc } from '../../api.ts';
import { navigate } from '../../router.tsx';
import { useSession } from '../../session.tsx';

type Props = { productId: number; stock: number; quantity?: number; describedBy?: string };

export function AddToCartButton({ productId, stock, quantity = 1, describedBy }: Props) {
  const { session } = useSession();
  const statusId = useId();
  const add = useMutation(
    trpc.cart.add.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.cart.pathFilter()),
    }),
  );
  const soldOut = stock <= 0;

  const onClick = () => {
    if (!session) {
      navigate(`/signin?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
      return;
    }
    add.mutate({ productId, quantity });
  };

  return (
    <div className="add-to-cart">
      <button
        type="button"
        className="primary"
        onClick={onClick}
        disabled={soldOut || add.isPending}
        aria-busy={add.isPending || undefined}
        aria-describedby={[describedBy, statusId].filter(Boolean).join(' ')}
      >
        Add to cart
      </button>
      <span id={statusId} role="status" className={add.isError ? 'field-error' : 'hint'}>
        {add.isSuccess ? 'Added to cart' : add.isError ? describeError(add.error) : ''}
      </span>
    </div>
  );
}
