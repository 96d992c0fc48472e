/**
 * One product: its description, a picker per option, and the chosen
 * variant's price, stock and a quantity to add. The chosen variant goes into
 * the URL (`?variant=`), so a reload, a shared link or the way back from
 * signing in shows the same choice.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { trpc } from '../../api.ts';
import { Link, navigate } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { useMoney, useTaxWording } from '../../store-settings.tsx';
import { QueryView } from '../../ui.tsx';
import { productAdminPath } from '../admin/admin-paths.ts';
import { AddToCartButton } from '../cart/add-to-cart.tsx';
import { ProductGallery } from './product-images.tsx';
import { StockBadge } from './stock-badge.tsx';
import { chosenVariant, initialSelection, onSale, type ProductDetail, type Selection } from './variant-choice.ts';
import { formatOptions, priceRange } from './variant-options.ts';
import { VariantPicker } from './variant-picker.tsx';

export function ProductPage({ id, variantId }: { id: number; variantId?: number }) {
  const query = useQuery(trpc.catalog.product.queryOptions({ id }));
  return (
    <QueryView query={query} loading="Loading product…">
      {(product) => <ProductView product={product} variantId={variantId} />}
    </QueryView>
  );
}

function ProductView({ product, variantId }: { product: ProductDetail; variantId?: number }) {
  const { session } = useSession();
  const money = useMoney();
  const tax = useTaxWording();
  const [selection, setSelection] = useState<Selection>(() => initialSelection(product, variantId));
  const [quantity, setQuantity] = useState(1);
  const variants = onSale(product);
  const optionNames = product.options.map((option) => option.name);
  const variant = product.isActive ? chosenVariant(variants, optionNames, selection) : undefined;
  const stock = variant?.stock ?? 0;
  const missing = optionNames.filter((name) => selection[name] === undefined);
  const askToChoose = !variant && missing.length > 0 && product.stock > 0;

  const pick = (name: string, value: string) => {
    const next = { ...selection, [name]: value };
    setSelection(next);
    setQuantity(1);
    const picked = chosenVariant(variants, optionNames, next);
    if (picked) navigate(`/products/${product.id}?variant=${picked.id}`, { replace: true });
  };

  return (
    <article className="product-page" aria-labelledby="product-title">
      <p>
        <Link to={`/?category=${product.categoryId}`}>Back to category</Link>
        {session?.user.role === 'admin' && (
          <>
            {' · '}
            <Link to={productAdminPath(product.id)}>Manage variants and pictures</Link>
          </>
        )}
      </p>
      <h1 id="product-title">{product.name}</h1>
      <ProductGallery product={product} />
      <p>{product.description}</p>
      {!product.isActive && <p className="notice error">This product is archived and not for sale.</p>}
      {optionNames.length > 0 && (
        <VariantPicker options={product.options} variants={variants} selection={selection} onPick={pick} />
      )}
      <div className="variant-summary" aria-live="polite">
        <p className="price large">
          <span data-testid="product-price">
            {variant ? money(variant.priceCents) : priceRange(money, product.priceCents, product.maxPriceCents)}
          </span>{' '}
          <span className="tax-note">{tax.withShipping}</span>
        </p>
        {variant ? <StockBadge stock={variant.stock} /> : product.stock <= 0 && <StockBadge stock={0} />}
        {variant && optionNames.length > 0 && <p className="hint">{formatOptions(variant.options, optionNames)}</p>}
        {askToChoose && (
          <p className="hint" id="product-choose-hint">
            Choose {missing.join(' and ').toLowerCase()} to add it to your cart.
          </p>
        )}
      </div>
      {stock > 0 && (
        <div className="field inline">
          <label htmlFor="product-quantity">Quantity</label>
          <input
            id="product-quantity"
            type="number"
            min={1}
            max={stock}
            value={quantity}
            onChange={(event) => setQuantity(Math.max(1, Math.min(stock, Number(event.target.value) || 1)))}
          />
        </div>
      )}
      <AddToCartButton
        key={variant?.id}
        variantId={variant?.id ?? null}
        stock={stock}
        quantity={quantity}
        describedBy={askToChoose ? 'product-title product-choose-hint' : 'product-title'}
      />
    </article>
  );
}
