/**
 * An order's lines as shipments and returns name them: by variant (unique
 * within an order), read back to the name and options the customer bought.
 */
import { variantName } from '../catalog/variant-options.ts';
import type { OrderDetail } from '../orders/order-items.tsx';

export type OrderLine = OrderDetail['items'][number];

/** Units of the line not shipped yet and not cancelled: what a shipment may still take. */
export const unshippedUnits = (line: OrderLine) => line.quantity - line.shippedQuantity - line.cancelledQuantity;

/** "Merino Tee (Size: M, Colour: Black)" for the order's line of this variant. */
export function lineName(order: Pick<OrderDetail, 'items'>, variantId: number): string {
  const line = order.items.find((item) => item.variantId === variantId);
  return line ? variantName(line.name, line.options) : `Variant ${variantId}`;
}

/** Quantities typed per line, as { variantId, quantity } for the lines given more than 0. */
export function unitsByLine(values: Record<string, string>, prefix: string) {
  return Object.entries(values)
    .filter(([key]) => key.startsWith(prefix))
    .map(([key, value]) => ({ variantId: Number(key.slice(prefix.length)), quantity: Number(value) }))
    .filter((line) => line.quantity > 0);
}
