/**
 * An order's parcels, as both the customer and the admin read them: carrier,
 * tracking number, status (with when it was delivered) and the units of each
 * line inside. `action` adds what an admin can do with one (mark it delivered).
 */
import type { ReactNode } from 'react';
import { formatDate } from '../../ui.tsx';
import type { OrderDetail } from '../orders/order-items.tsx';
import { lineName } from './order-lines.ts';
import { SHIPMENT_STATUS_LABELS } from './shipment-labels.ts';

export type Shipment = OrderDetail['shipments'][number];

type Props = { order: OrderDetail; action?: (shipment: Shipment) => ReactNode };

export function ShipmentList({ order, action }: Props) {
  if (order.shipments.length === 0) return null;
  return (
    <section aria-labelledby="shipments-title" className="shipments">
      <h2 id="shipments-title">Shipments</h2>
      <ul className="shipment-list">
        {order.shipments.map((shipment) => (
          <li key={shipment.id} aria-label={`Shipment ${shipment.trackingNumber}`} className="card">
            <p>
              {shipment.carrier} · Tracking number <strong>{shipment.trackingNumber}</strong> ·{' '}
              <span className={`badge shipment-${shipment.status}`}>{SHIPMENT_STATUS_LABELS[shipment.status]}</span>
            </p>
            <p className="hint">
              Sent <time dateTime={shipment.createdAt}>{formatDate(shipment.createdAt)}</time>
              {shipment.deliveredAt && (
                <>
                  {' '}
                  · delivered <time dateTime={shipment.deliveredAt}>{formatDate(shipment.deliveredAt)}</time>
                </>
              )}
            </p>
            <ul aria-label="In this shipment">
              {shipment.items.map((item) => (
                <li key={item.variantId}>
                  {item.quantity} × {lineName(order, item.variantId)}
                </li>
              ))}
            </ul>
            {action?.(shipment)}
          </li>
        ))}
      </ul>
    </section>
  );
}
