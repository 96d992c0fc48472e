/**
 * The shipments part of an admin's order page: the next steps (ship units,
 * cancel the unshipped remainder) and the parcels, each with "Mark delivered"
 * while on its way (shipments.markDelivered).
 */
import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../api.ts';
import { ErrorNotice } from '../../ui.tsx';
import { orderWrite } from '../admin/order/refresh.ts';
import type { OrderDetail } from '../orders/order-items.tsx';
import { CancelRemainder, hasRemainderToCancel } from './cancel-remainder.tsx';
import { unshippedUnits } from './order-lines.ts';
import { ShipForm } from './ship-form.tsx';
import { type Shipment, ShipmentList } from './shipment-list.tsx';

/** Only a confirmed order ships (paid, or accepted unpaid), while units remain. */
const canShip = (order: OrderDetail) =>
  order.status === 'confirmed' && order.items.some((item) => unshippedUnits(item) > 0);

/** Whether the order's shipments offer a next step. */
export const hasShipmentMoves = (order: OrderDetail) => canShip(order) || hasRemainderToCancel(order);

export function ShipmentActions({ order }: { order: OrderDetail }) {
  return (
    <>
      {canShip(order) && <ShipForm order={order} />}
      <CancelRemainder order={order} />
    </>
  );
}

function MarkDelivered({ shipment }: { shipment: Shipment }) {
  const deliver = useMutation(trpc.shipments.markDelivered.mutationOptions(orderWrite));
  if (shipment.status !== 'shipped') return null;
  return (
    <div className="status-actions">
      <button
        type="button"
        disabled={deliver.isPending}
        aria-label={`Mark delivered: ${shipment.trackingNumber}`}
        onClick={() => deliver.mutate({ shipmentId: shipment.id })}
      >
        Mark delivered
      </button>
      {deliver.error && <ErrorNotice error={deliver.error} />}
    </div>
  );
}

export function AdminShipmentList({ order }: { order: OrderDetail }) {
  return <ShipmentList order={order} action={(shipment) => <MarkDelivered shipment={shipment} />} />;
}
