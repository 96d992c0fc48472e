/**
 * After an admin's change to an order: the answer (every order write answers
 * the order's detail) is shown at once, and what else the change can move is
 * read again: the order lists, the reports' revenue (captured money minus
 * refunds) and the stock figures a cancellation or a late payment changes.
 */
import { queryClient, trpc } from '../../../api.ts';
import type { OrderDetail } from '../../orders/order-items.tsx';

function refreshAfterOrderChange(): void {
  void queryClient.invalidateQueries(trpc.orders.pathFilter());
  void queryClient.invalidateQueries(trpc.reports.pathFilter());
  void queryClient.invalidateQueries(trpc.catalog.pathFilter());
  void queryClient.invalidateQueries(trpc.inventory.pathFilter());
}

/** The mutation options every order write shares. */
export const orderWrite = {
  onSuccess: (order: OrderDetail) => queryClient.setQueryData(trpc.orders.get.queryKey({ id: order.id }), order),
  onSettled: refreshAfterOrderChange,
};
