import { formatCents } from '../../../../src/shared/money.ts';
import type { Outputs } from '../../types.ts';
import { formatOptions } from '../catalog/variant-options.ts';

export type OrderDetail = Outputs['orders']['get'];

/**
 * The lines of an order as bought (name, options and SKU are a snapshot from
 * the purchase) at the prices paid, and its total. `withSku` adds the SKU
 * column, which the people who pick and pack an order need.
 */
export function OrderItems({ order, withSku = false }: { order: OrderDetail; withSku?: boolean }) {
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
            <td>{formatCents(item.unitPriceCents)}</td>
            <td>{formatCents(item.subtotalCents)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={withSku ? 4 : 3}>
            Total
          </th>
          <td>{formatCents(order.totalCents)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
