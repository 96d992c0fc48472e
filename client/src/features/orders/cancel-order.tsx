/**
 * The shopper's cancel button, shown only while the shared rules let the
 * shopper cancel: a customer's (by order id) and a guest's (by the order's
 * link, the guest's only key).
 */
import { useMutation } from '@tanstack/react-query';
import { CUSTOMER_CANCELLABLE_STATUSES, type OrderStatus } from '../../../../src/shared/order-status.ts';
import { queryClient, trpc } from '../../api.ts';
import { ErrorNotice } from '../../ui.tsx';

const cancellable = (status: OrderStatus) => (CUSTOMER_CANCELLABLE_STATUSES as readonly OrderStatus[]).includes(status);

/** The order's pages and lists, and the catalog's stock figures, which a cancellation changes. */
const refresh = {
  onSettled: () => {
    void queryClient.invalidateQueries(trpc.orders.pathFilter());
    void queryClient.invalidateQueries(trpc.catalog.pathFilter());
  },
};

type ButtonProps = {
  id: number;
  status: OrderStatus;
  cancel: { mutate: () => void; isPending: boolean; error: unknown };
};

function CancelButton({ id, status, cancel }: ButtonProps) {
  if (!cancellable(status)) return null;
  return (
    <div className="cancel-order">
      <button
        type="button"
        className="danger"
        onClick={cancel.mutate}
        disabled={cancel.isPending}
        aria-label={`Cancel order #${id}`}
      >
        Cancel order
      </button>
      {cancel.error !== null && <ErrorNotice error={cancel.error} />}
    </div>
  );
}

export function CancelOrderButton({ id, status }: { id: number; status: OrderStatus }) {
  const cancel = useMutation(trpc.orders.cancel.mutationOptions(refresh));
  return (
    <CancelButton
      id={id}
      status={status}
      cancel={{ mutate: () => cancel.mutate({ id }), isPending: cancel.isPending, error: cancel.error }}
    />
  );
}

export function CancelLinkedOrderButton({ token, id, status }: { token: string; id: number; status: OrderStatus }) {
  const cancel = useMutation(trpc.orders.cancelByLink.mutationOptions(refresh));
  return (
    <CancelButton
      id={id}
      status={status}
      cancel={{ mutate: () => cancel.mutate({ token }), isPending: cancel.isPending, error: cancel.error }}
    />
  );
}
