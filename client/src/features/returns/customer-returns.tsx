/** The customer's side of delivery on their order's page: the parcels with tracking, their returns, and a return to ask for. */
import type { OrderDetail } from '../orders/order-items.tsx';
import { ShipmentList } from '../shipments/shipment-list.tsx';
import { RequestReturnForm } from './request-return-form.tsx';
import { ReturnList } from './return-list.tsx';

export function CustomerDelivery({ order }: { order: OrderDetail }) {
  return (
    <>
      <ShipmentList order={order} />
      <ReturnList order={order} />
      <RequestReturnForm order={order} />
    </>
  );
}
