/**
 * Sets a tax rate: for a destination country, on every product (the
 * country's default) or on one category, with a name and a rate in percent.
 * Setting a rate where one exists replaces it in one batch, so editing is
 * setting again. Only a default rate may also apply to shipping.
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { taxRateInput } from '../../../../../src/shared/admin-fields.ts';
import { TAX_RATE_NAME_MAX_LENGTH } from '../../../../../src/shared/limits.ts';
import { queryClient, serverFieldErrors, trpc } from '../../../api.ts';
import { parseRate } from '../../../money.ts';
import { ErrorNotice, Field, type FieldErrors, formValues, SelectField, validate } from '../../../ui.tsx';
import { COUNTRY_OPTIONS } from '../../addresses/country-names.ts';
import type { CategoryOption } from './category-options.ts';

export type TaxRate = {
  country: string;
  categoryId: number | null;
  name: string;
  rateBps: number;
  appliesToShipping: boolean;
};

type Props = {
  categories: CategoryOption[];
  /** The rate edited (its country and category then stay); a new one when absent. */
  rate?: TaxRate;
  onDone: () => void;
};

/** The form's values as the API's fields, checked with its own schema. */
function checkRate(values: Record<string, string>) {
  const categoryId = values.categoryId ? Number(values.categoryId) : null;
  const checked = validate(taxRateInput, {
    country: values.country ?? '',
    categoryId,
    name: values.name ?? '',
    rateBps: parseRate(values.rate ?? ''),
    appliesToShipping: categoryId === null && values.appliesToShipping === 'on',
  });
  if (checked.ok) return { errors: {}, fields: checked.data };
  // The list offers only countries the API knows: the one way to miss is to choose none.
  const errors = { ...checked.errors, ...(checked.errors.country && { country: 'Choose a country' }) };
  return { errors, fields: null };
}

export function TaxRateForm({ categories, rate, onDone }: Props) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [categoryChosen, setCategoryChosen] = useState(rate?.categoryId != null);
  const titleId = useId();
  const form = useRef<HTMLFormElement>(null);
  // The form opens below the list when an Edit there is pressed: bring it into view, focus on its first field.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the form opens
  useEffect(() => {
    if (!rate) return;
    form.current?.scrollIntoView({ block: 'nearest' });
    form.current
      ?.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled]), select:not([disabled])')
      ?.focus();
  }, []);
  const set = useMutation(
    trpc.taxes.setRate.mutationOptions({
      onSuccess: onDone,
      onSettled: () => queryClient.invalidateQueries(trpc.taxes.pathFilter()),
    }),
  );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = checkRate(formValues(event.currentTarget));
    setErrors(checked.errors);
    if (checked.fields) set.mutate(checked.fields);
  };

  const shown = { ...serverFieldErrors(set.error), ...errors };
  return (
    <form ref={form} className="card form" onSubmit={submit} noValidate aria-labelledby={titleId}>
      <h2 id={titleId}>{rate ? `Edit ${rate.name} (${rate.country})` : 'Set a tax rate'}</h2>
      <p className="hint">A rate for a country and category that already has one replaces it.</p>
      <SelectField
        label="Country"
        name="country"
        defaultValue={rate?.country ?? ''}
        disabled={rate !== undefined}
        error={shown.country}
      >
        <option value="">Choose a country</option>
        {COUNTRY_OPTIONS.map(({ code, name }) => (
          <option key={code} value={code}>
            {name}
          </option>
        ))}
      </SelectField>
      {rate && <input type="hidden" name="country" value={rate.country} />}
      <SelectField
        label="Applies to"
        name="categoryId"
        defaultValue={rate?.categoryId ?? ''}
        disabled={rate !== undefined}
        onChange={(event) => setCategoryChosen(event.target.value !== '')}
        error={shown.categoryId}
      >
        <option value="">Every product (the country's default rate)</option>
        {categories.map((category) => (
          <option key={category.id} value={category.id}>
            {category.path}
          </option>
        ))}
      </SelectField>
      {rate && <input type="hidden" name="categoryId" value={rate.categoryId ?? ''} />}
      <Field
        label="Rate name"
        name="name"
        maxLength={TAX_RATE_NAME_MAX_LENGTH}
        defaultValue={rate?.name}
        hint="As receipts name it, e.g. VAT or MwSt"
        error={shown.name}
      />
      <Field
        label="Rate (%)"
        name="rate"
        inputMode="decimal"
        defaultValue={rate ? String(rate.rateBps / 100) : ''}
        error={shown.rateBps}
      />
      <label className="check">
        <input
          type="checkbox"
          name="appliesToShipping"
          defaultChecked={rate?.appliesToShipping ?? false}
          disabled={categoryChosen}
          aria-describedby={`${titleId}-shipping`}
        />{' '}
        Also tax shipping at this rate
      </label>
      <span id={`${titleId}-shipping`} className="hint">
        {categoryChosen
          ? "Only a country's default rate applies to shipping."
          : 'Shipping to this country is taxed at its default rate when ticked.'}
      </span>
      {set.error && !Object.keys(shown).length && <ErrorNotice error={set.error} />}
      <div className="button-row">
        <button type="submit" className="primary" disabled={set.isPending}>
          {rate ? 'Save rate' : 'Set rate'}
        </button>
        {rate && (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
