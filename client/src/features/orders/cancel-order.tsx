/** The customer's cancel button, shown only while the shared rules let the customer cancel. */
import { useMutation } from '@tanstack/react-query';
import { CUSTOMER_CANCELLABLE_STATUSES, type OrderStatus } from '../../../../src/shared/order-status.ts';
import { queryClient, trpc } from '../../api.ts';
import { ErrorNotice } from '../../ui.tsx';

const cancellable = (status: OrderStatus) => (CUSTOMER_CANCELLABLE_STATUSES as readonly OrderStatus[]).includes(status);

export function CancelOrderButton({ id, status }: { id: number; status: OrderStatus }) {
  const cancel = useMutation(
    trpc.orders.cancel.mutationOptions({
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.orders.pathFilter());
        void queryClient.invalidateQueries(trpc.catalog.pathFilter());
      },
    }),
  );
  if (!cancellable(status)) return null;
  return (
    <>
      <button
        type="button"
        className="danger"
        onClick={() => cancel.mutate({ id })}
        disabled={cancel.isPending}
        aria-label={`Cancel order #${id}`}
      >
        Cancel order
      </button>
      {cancel.error && <ErrorNotice error={cancel.error} />}
    </>
  );
}
