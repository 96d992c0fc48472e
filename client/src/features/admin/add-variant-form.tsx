/**
 * Adds a variant to a product: one value per option of the product, an
 * optional SKU, a price and the starting stock. The API refuses a repeated
 * SKU or combination (DUPLICATE) and options that are not the product's
 * (INVALID_OPTIONS); both show as a notice, field problems beside the fields.
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { newVariantFields } from '../../../../src/shared/admin-fields.ts';
import { MAX_INITIAL_STOCK, OPTION_TEXT_MAX_LENGTH, SKU } from '../../../../src/shared/limits.ts';
import type { ErrorReason } from '../../../../src/shared/reasons.ts';
import { describeError, errorReason, queryClient, serverFieldErrors, trpc } from '../../api.ts';
import { parseAmount } from '../../money.ts';
import { useCurrencySymbol } from '../../store-settings.tsx';
import { ErrorNotice, Field, type FieldErrors, formValues, validate } from '../../ui.tsx';
import type { ProductDetail } from '../catalog/variant-choice.ts';
import { variantName } from '../catalog/variant-options.ts';

/** Refusals that say for sure nothing was added; the server's message says what clashed. */
const REFUSALS: readonly ErrorReason[] = ['DUPLICATE', 'INVALID_OPTIONS'];

function problem(error: unknown): string {
  const reason = errorReason(error);
  return reason && REFUSALS.includes(reason) ? `Variant not added: ${describeError(error)}` : describeError(error);
}

export function AddVariantForm({ product }: { product: ProductDetail }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const symbol = useCurrencySymbol();
  const titleId = useId();
  const add = useMutation(
    trpc.catalog.addVariant.mutationOptions({
      onSuccess: (updated) => queryClient.setQueryData(trpc.catalog.product.queryKey({ id: updated.id }), updated),
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.catalog.pathFilter());
        void queryClient.invalidateQueries(trpc.reports.pathFilter());
      },
    }),
  );

  if (product.options.length === 0) {
    return (
      <section aria-labelledby={titleId} className="card">
        <h2 id={titleId}>Add a variant</h2>
        <p className="hint">
          {product.name} has no options, so it is sold as one variant. Its options are set when the product is created.
        </p>
      </section>
    );
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const values = formValues(form);
    const result = validate(newVariantFields, {
      options: Object.fromEntries(product.options.map((option) => [option.name, values[`option-${option.name}`]])),
      sku: values.sku?.trim() || undefined,
      priceCents: parseAmount(values.price ?? ''),
      stock: values.stock?.trim() ? Number(values.stock) : 0,
    });
    setErrors(result.ok ? {} : result.errors);
    if (result.ok) add.mutate({ productId: product.id, ...result.data }, { onSuccess: () => form.reset() });
  };

  const shown = { ...serverFieldErrors(add.error), ...errors };
  const added = add.data?.variants.at(-1);
  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby={titleId}>
      <h2 id={titleId}>Add a variant</h2>
      <div className="option-fields">
        {product.options.map((option) => (
          <OptionField key={option.name} option={option} error={shown[`options.${option.name}`] ?? shown.options} />
        ))}
      </div>
      <Field label="SKU (optional)" name="sku" maxLength={SKU.maxLength} error={shown.sku} />
      <Field label={`Price (${symbol})`} name="price" inputMode="decimal" required error={shown.priceCents} />
      <Field
        label="Stock"
        name="stock"
        type="number"
        min={0}
        max={MAX_INITIAL_STOCK}
        defaultValue={0}
        error={shown.stock}
      />
      {add.error && !Object.keys(shown).length && <ErrorNotice error={add.error} message={problem(add.error)} />}
      {add.isSuccess && added && <p role="status">Added {variantName(product.name, added.options)}.</p>}
      <button type="submit" className="primary" disabled={add.isPending}>
        Add variant
      </button>
    </form>
  );
}

/** A value for one option, suggesting the values the product's variants already use. */
function OptionField({ option, error }: { option: { name: string; values: string[] }; error?: string }) {
  const listId = useId();
  return (
    <>
      <Field
        label={option.name}
        name={`option-${option.name}`}
        maxLength={OPTION_TEXT_MAX_LENGTH}
        list={listId}
        required
        error={error}
      />
      <datalist id={listId}>
        {option.values.map((value) => (
          <option key={value} value={value} />
        ))}
      </datalist>
    </>
  );
}
