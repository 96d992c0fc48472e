/** One variant's stock: restock, adjust, and the movement ledger that explains every change. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { adjustFields, restockFields } from '../../../../src/shared/fields.ts';
import { ADJUST_REASON_MAX_LENGTH, NOTE_MAX_LENGTH } from '../../../../src/shared/limits.ts';
import { queryClient, serverFieldErrors, trpc } from '../../api.ts';
import { afterLastCursor, PagedList, usePagedQuery } from '../../paged-list.tsx';
import { Link } from '../../router.tsx';
import { ErrorNotice, Field, type FieldErrors, formatDate, formValues, QueryView, validate } from '../../ui.tsx';
import { StockBadge } from '../catalog/stock-badge.tsx';
import { variantName } from '../catalog/variant-options.ts';
import { productAdminPath } from './admin-paths.ts';

const refreshStock = () => {
  void queryClient.invalidateQueries(trpc.inventory.pathFilter());
  void queryClient.invalidateQueries(trpc.catalog.pathFilter());
  void queryClient.invalidateQueries(trpc.reports.pathFilter());
};

/** A number field's value, or undefined when it is empty (the schema then says what is missing). */
function numberField(raw: string | undefined): number | undefined {
  return raw?.trim() ? Number(raw) : undefined;
}

function StockForms({ variantId }: { variantId: number }) {
  const [errors, setErrors] = useState<{ restock: FieldErrors; adjust: FieldErrors }>({ restock: {}, adjust: {} });
  const restock = useMutation(trpc.inventory.restock.mutationOptions({ onSettled: refreshStock }));
  const adjust = useMutation(trpc.inventory.adjust.mutationOptions({ onSettled: refreshStock }));

  // The forms check their fields with the API's own field schemas (src/shared/fields.ts).
  const submitRestock = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const values = formValues(form);
    const result = validate(restockFields, {
      quantity: numberField(values.quantity),
      note: values.note?.trim() || undefined,
    });
    setErrors((all) => ({ ...all, restock: result.ok ? {} : result.errors }));
    if (result.ok) restock.mutate({ variantId, ...result.data }, { onSuccess: () => form.reset() });
  };
  const submitAdjust = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const values = formValues(form);
    const result = validate(adjustFields, { delta: numberField(values.delta), reason: values.reason ?? '' });
    setErrors((all) => ({ ...all, adjust: result.ok ? {} : result.errors }));
    if (result.ok) adjust.mutate({ variantId, ...result.data }, { onSuccess: () => form.reset() });
  };

  const restockErrors = { ...serverFieldErrors(restock.error), ...errors.restock };
  const adjustErrors = { ...serverFieldErrors(adjust.error), ...errors.adjust };
  return (
    <div className="stock-forms">
      <form className="card form" onSubmit={submitRestock} noValidate aria-labelledby="restock-title">
        <h2 id="restock-title">Restock</h2>
        <Field
          label="Quantity received"
          name="quantity"
          type="number"
          min={1}
          required
          error={restockErrors.quantity}
        />
        <Field label="Note" name="note" maxLength={NOTE_MAX_LENGTH} error={restockErrors.note} />
        {restock.error && !Object.keys(restockErrors).length && <ErrorNotice error={restock.error} />}
        {restock.isSuccess && <p role="status">Restocked.</p>}
        <button type="submit" className="primary" disabled={restock.isPending}>
          Restock
        </button>
      </form>
      <form className="card form" onSubmit={submitAdjust} noValidate aria-labelledby="adjust-title">
        <h2 id="adjust-title">Adjust</h2>
        <Field label="Change (+ or −)" name="delta" type="number" required error={adjustErrors.delta} />
        <Field label="Reason" name="reason" maxLength={ADJUST_REASON_MAX_LENGTH} required error={adjustErrors.reason} />
        {adjust.error && !Object.keys(adjustErrors).length && <ErrorNotice error={adjust.error} />}
        {adjust.isSuccess && <p role="status">Adjusted.</p>}
        <button type="submit" className="primary" disabled={adjust.isPending}>
          Adjust stock
        </button>
      </form>
    </div>
  );
}

function Ledger({ variantId }: { variantId: number }) {
  const movements = usePagedQuery(
    trpc.inventory.movements.infiniteQueryOptions({ variantId, limit: 50 }, { getNextPageParam: afterLastCursor }),
  );
  return (
    <section aria-labelledby="ledger-title">
      <h2 id="ledger-title">Movement ledger</h2>
      <PagedList paged={movements} loading="Loading movements…" empty="No movements yet." more="Older movements">
        {(items) => (
          <table className="ledger">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Change</th>
                <th scope="col">Reason</th>
                <th scope="col">Order</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {items.map((movement) => (
                <tr key={movement.id}>
                  <td>{formatDate(movement.createdAt)}</td>
                  <td className={movement.quantityChange > 0 ? 'gain' : 'loss'}>
                    {movement.quantityChange > 0 ? `+${movement.quantityChange}` : movement.quantityChange}
                  </td>
                  <td>{movement.reason}</td>
                  <td>
                    {movement.orderId && <Link to={`/admin/orders/${movement.orderId}`}>#{movement.orderId}</Link>}
                  </td>
                  <td>{movement.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
    </section>
  );
}

function VariantHeading({ variantId, productId }: { variantId: number; productId: number }) {
  const product = useQuery(trpc.catalog.product.queryOptions({ id: productId }));
  return (
    <QueryView query={product} loading="Loading the variant…">
      {(data) => {
        const variant = data.variants.find((candidate) => candidate.id === variantId);
        if (!variant) return <ErrorNotice error={null} message={`${data.name} has no variant #${variantId}.`} />;
        return (
          <div>
            <h1>{variantName(data.name, variant.options)}</h1>
            <p className="hint">
              SKU <code>{variant.sku}</code>
              {' · '}
              <Link to={productAdminPath(data.id)}>All variants of {data.name}</Link>
            </p>
            <p>
              Stock <strong data-testid="stock-count">{variant.stock}</strong>{' '}
              {data.isActive && variant.isActive ? (
                <StockBadge stock={variant.stock} />
              ) : (
                <span className="badge">Archived</span>
              )}
            </p>
          </div>
        );
      }}
    </QueryView>
  );
}

/**
 * A bookmarked stock page without its product: the newest ledger row names
 * it (every variant that ever held stock has one). The API has no read of one variant.
 */
function HeadingFromLedger({ variantId }: { variantId: number }) {
  const newest = useQuery(trpc.inventory.movements.queryOptions({ variantId, limit: 1 }));
  return (
    <QueryView query={newest} loading="Loading the variant…">
      {(page) => {
        const productId = page.items[0]?.productId;
        if (productId !== undefined) return <VariantHeading variantId={variantId} productId={productId} />;
        return (
          <ErrorNotice
            error={null}
            message={`Variant #${variantId} has no stock history to find it by; open it from the inventory list.`}
          />
        );
      }}
    </QueryView>
  );
}

export function VariantStockPage({ variantId, productId }: { variantId: number; productId?: number }) {
  return (
    <div className="product-stock">
      <p>
        <Link to="/admin/inventory">All inventory</Link>
      </p>
      {productId === undefined ? (
        <HeadingFromLedger variantId={variantId} />
      ) : (
        <VariantHeading variantId={variantId} productId={productId} />
      )}
      <StockForms variantId={variantId} />
      <Ledger variantId={variantId} />
    </div>
  );
}
