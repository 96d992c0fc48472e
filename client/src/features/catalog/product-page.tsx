/** One product: its description, price, stock and a quantity to add. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatCents } from '../../../../src/shared/money.ts';
import { trpc } from '../../api.ts';
import { Link } from '../../router.tsx';
import { QueryView } from '../../ui.tsx';
import { AddToCartButton } from '../cart/add-to-cart.tsx';
import { StockBadge } from './stock-badge.tsx';

export function ProductPage({ id }: { id: number }) {
  const query = useQuery(trpc.catalog.product.queryOptions({ id }));
  const [quantity, setQuantity] = useState(1);

  return (
    <QueryView query={query} loading="Loading product…">
      {(product) => (
        <article className="product-page" aria-labelledby="product-title">
          <p>
            <Link to={`/?category=${product.categoryId}`}>Back to category</Link>
          </p>
          <h1 id="product-title">{product.name}</h1>
          <p className="price large">{formatCents(product.priceCents)}</p>
          <StockBadge stock={product.stock} />
          <p>{product.description}</p>
          {product.stock > 0 && (
            <div className="field inline">
              <label htmlFor="product-quantity">Quantity</label>
              <input
                id="product-quantity"
                type="number"
                min={1}
                max={product.stock}
                value={quantity}
                onChange={(event) => setQuantity(Math.max(1, Math.min(product.stock, Number(event.target.value) || 1)))}
              />
            </div>
          )}
          <AddToCartButton
            productId={product.id}
            stock={product.stock}
            quantity={quantity}
            describedBy="product-title"
          />
        </article>
      )}
    </QueryView>
  );
}
