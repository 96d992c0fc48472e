/**
 * One product for an admin: its pictures (product-images-section.tsx), and its
 * variants, each one's options, SKU, price (edited here), stock (managed on
 * its stock page) and whether it is on sale, plus a form to add another.
 * Every variant write answers with the product as it now is.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { priceCentsSchema } from '../../../../src/shared/admin-fields.ts';
import { describeError, queryClient, serverFieldErrors, trpc } from '../../api.ts';
import { amountText, parseAmount } from '../../money.ts';
import { Link } from '../../router.tsx';
import { useCurrencySymbol } from '../../store-settings.tsx';
import { ErrorNotice, QueryView } from '../../ui.tsx';
import { StockBadge } from '../catalog/stock-badge.tsx';
import type { ProductDetail, Variant } from '../catalog/variant-choice.ts';
import { formatOptions, variantName } from '../catalog/variant-options.ts';
import { AddVariantForm } from './add-variant-form.tsx';
import { variantStockPath } from './admin-paths.ts';
import { ProductImagesSection } from './product-images-section.tsx';

/** An updateVariant that puts the product it answers with straight into the cache. */
function useUpdateVariant() {
  return useMutation(
    trpc.catalog.updateVariant.mutationOptions({
      onSuccess: (product) => queryClient.setQueryData(trpc.catalog.product.queryKey({ id: product.id }), product),
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.catalog.pathFilter());
        void queryClient.invalidateQueries(trpc.reports.pathFilter());
      },
    }),
  );
}

function PriceForm({ variant, label }: { variant: Variant; label: string }) {
  const [price, setPrice] = useState(amountText(variant.priceCents));
  const symbol = useCurrencySymbol();
  const [inputError, setInputError] = useState<string | null>(null);
  const update = useUpdateVariant();
  const fieldId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = priceCentsSchema.safeParse(parseAmount(price));
    setInputError(checked.success ? null : (checked.error.issues[0]?.message ?? 'Enter a price'));
    if (checked.success && checked.data !== variant.priceCents)
      update.mutate({ id: variant.id, priceCents: checked.data });
  };
  const error =
    inputError ?? (update.error ? (serverFieldErrors(update.error).priceCents ?? describeError(update.error)) : null);
  return (
    <form className="price-form" onSubmit={submit} noValidate>
      <label htmlFor={fieldId} className="visually-hidden">
        Price of {label}
      </label>
      <span aria-hidden="true">{symbol}</span>
      <input
        id={fieldId}
        inputMode="decimal"
        value={price}
        onChange={(event) => setPrice(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${fieldId}-status`}
      />
      <button type="submit" disabled={update.isPending} aria-label={`Save price of ${label}`}>
        Save
      </button>
      <span id={`${fieldId}-status`} role="status" className={error ? 'field-error' : 'hint'}>
        {error ?? (update.isSuccess ? 'Saved' : '')}
      </span>
    </form>
  );
}

function VariantRow({ product, variant }: { product: ProductDetail; variant: Variant }) {
  const update = useUpdateVariant();
  const label = variantName(product.name, variant.options);
  return (
    <tr className={variant.isActive ? undefined : 'archived'}>
      <td>
        {formatOptions(
          variant.options,
          product.options.map((option) => option.name),
        ) || '—'}
      </td>
      <td>
        <code>{variant.sku}</code>
      </td>
      <td>
        <PriceForm variant={variant} label={label} />
      </td>
      <td className="nowrap">
        <Link to={variantStockPath(variant.id, product.id)} aria-label={`Stock of ${label}: ${variant.stock}`}>
          {variant.stock}
        </Link>{' '}
        {variant.isActive && <StockBadge stock={variant.stock} />}
      </td>
      <td>
        {variant.isActive ? 'On sale' : <span className="badge">Archived</span>}{' '}
        <button
          type="button"
          className="link-button"
          disabled={update.isPending}
          onClick={() => update.mutate({ id: variant.id, isActive: !variant.isActive })}
          aria-label={`${variant.isActive ? 'Archive' : 'Unarchive'} ${label}`}
        >
          {variant.isActive ? 'Archive' : 'Unarchive'}
        </button>
        {update.error && <ErrorNotice error={update.error} />}
      </td>
    </tr>
  );
}

export function ProductVariantsPage({ productId }: { productId: number }) {
  const product = useQuery(trpc.catalog.product.queryOptions({ id: productId }));
  return (
    <div className="product-variants">
      <p>
        <Link to="/admin/inventory">All inventory</Link>
      </p>
      <QueryView query={product} loading="Loading the product…">
        {(data) => (
          <>
            <div>
              <h1>{data.name}</h1>
              <p className="hint">
                {data.options.length > 0
                  ? `Options: ${data.options.map((option) => option.name).join(', ')}`
                  : 'No options'}{' '}
                · <Link to={`/products/${data.id}`}>View in the shop</Link>
              </p>
            </div>
            {!data.isActive && <p className="notice error">This product is archived: none of its variants is sold.</p>}
            <ProductImagesSection product={data} />
            <section aria-labelledby="variants-title">
              <h2 id="variants-title">Variants</h2>
              <div className="table-scroll">
                <table className="variants-table">
                  <thead>
                    <tr>
                      <th scope="col">Options</th>
                      <th scope="col">SKU</th>
                      <th scope="col">Price</th>
                      <th scope="col">Stock</th>
                      <th scope="col">On sale</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.variants.map((variant) => (
                      <VariantRow key={variant.id} product={data} variant={variant} />
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
            <AddVariantForm product={data} />
          </>
        )}
      </QueryView>
    </div>
  );
}
