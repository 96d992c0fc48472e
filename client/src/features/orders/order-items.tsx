import { formatMoney } from '../../money.ts';
import type { Outputs } from '../../types.ts';
import { formatOptions } from '../catalog/variant-options.ts';

export type OrderDetail = Outputs['orders']['get'];

/**
 * The lines of an order as bought (name, options and SKU are a snapshot from
 * the purchase) at the prices paid, in the order's currency; its price
 * breakdown follows (price-breakdown.tsx). `withSku` adds the SKU column,
 * which the people who pick and pack an order need.
 */
export function OrderItems({ order, withSku = false }: { order: OrderDetail; withSku?: boolean }) {
  const money = (cents: number) => formatMoney(cents, order.currency);
  return (
    <table className="order-items">
      <caption className="visually-hidden">Items in order #{order.id}</caption>
      <thead>
        <tr>
          <th scope="col">Product</th>
          {withSku && <th scope="col">SKU</th>}
          <th scope="col">Qty</th>
          <th scope="col">Price</th>
          <th scope="col">Subtotal</th>
        </tr>
      </thead>
      <tbody>
        {order.items.map((item) => (
          <tr key={item.variantId}>
            <td>
              {item.name}
              {Object.keys(item.options).length > 0 && <span className="options">{formatOptions(item.options)}</span>}
            </td>
            {withSku && (
              <td>
                <code>{item.sku}</code>
              </td>
            )}
            <td>{item.quantity}</td>
            <td>{money(item.unitPriceCents)}</td>
            <td>{money(item.subtotalCents)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
