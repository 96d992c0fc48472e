/**
 * A shipping method of a zone, new or edited: its name, its flat price, the
 * subtotal (after discount) from which it is free, and whether checkouts
 * may choose it. A method is switched off rather than deleted, so orders
 * that name it still read as they were placed.
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { SHIPPING_NAME_MAX_LENGTH } from '../../../../../src/shared/limits.ts';
import { queryClient, serverFieldErrors, trpc } from '../../../api.ts';
import { amountText, parseAmount } from '../../../money.ts';
import { useCurrencySymbol } from '../../../store-settings.tsx';
import { ErrorNotice, Field, type FieldErrors, formValues } from '../../../ui.tsx';
import type { ShippingMethod } from '../../checkout/shipping-method-choice.tsx';

type Props = {
  zone: { id: number; name: string };
  /** The method edited; a new one for the zone when absent. */
  method?: ShippingMethod;
  onDone: () => void;
};

const refreshShipping = () => queryClient.invalidateQueries(trpc.shipping.pathFilter());

/** The fields as typed, checked: amounts in cents, the free-from amount null when left empty. */
function checkMethod(values: Record<string, string>) {
  const errors: FieldErrors = {};
  const name = values.name?.trim() ?? '';
  const priceCents = parseAmount(values.price ?? '');
  const freeText = values.freeAbove?.trim() ?? '';
  const freeAboveCents = freeText ? parseAmount(freeText) : null;
  if (!name) errors.name = 'Name the method, e.g. Standard (3-5 days)';
  if (Number.isNaN(priceCents)) errors.priceCents = 'Enter a price, e.g. 4.99 (0 for free)';
  if (freeAboveCents !== null && Number.isNaN(freeAboveCents))
    errors.freeAboveCents = 'Enter an amount, or leave it empty';
  return { errors, fields: { name, priceCents, freeAboveCents, isActive: values.isActive === 'on' } };
}

export function MethodForm({ zone, method, onDone }: Props) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const symbol = useCurrencySymbol();
  const titleId = useId();
  const options = { onSuccess: onDone, onSettled: refreshShipping };
  const create = useMutation(trpc.shipping.createMethod.mutationOptions(options));
  const update = useMutation(trpc.shipping.updateMethod.mutationOptions(options));
  const save = method ? update : create;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = checkMethod(formValues(event.currentTarget));
    setErrors(checked.errors);
    if (Object.keys(checked.errors).length > 0) return;
    // Every field, always: the server's update schema fills an omitted active flag with true.
    if (method) update.mutate({ id: method.id, ...checked.fields });
    else create.mutate({ zoneId: zone.id, ...checked.fields });
  };

  const shown = { ...serverFieldErrors(save.error), ...errors };
  return (
    <form className="card form method-form" onSubmit={submit} noValidate aria-labelledby={titleId}>
      <h4 id={titleId}>{method ? `Edit ${method.name}` : `New method for ${zone.name}`}</h4>
      <Field
        label="Method name"
        name="name"
        maxLength={SHIPPING_NAME_MAX_LENGTH}
        defaultValue={method?.name}
        error={shown.name}
      />
      <Field
        label={`Price (${symbol})`}
        name="price"
        inputMode="decimal"
        defaultValue={method ? amountText(method.priceCents) : ''}
        error={shown.priceCents}
      />
      <Field
        label={`Free from (${symbol}, optional)`}
        name="freeAbove"
        inputMode="decimal"
        defaultValue={method?.freeAboveCents != null ? amountText(method.freeAboveCents) : ''}
        hint="Free when the subtotal after discount reaches this; empty: never free"
        error={shown.freeAboveCents}
      />
      <label className="check">
        <input type="checkbox" name="isActive" defaultChecked={method?.isActive ?? true} /> Offered at checkout
      </label>
      {save.error && !Object.keys(shown).length && <ErrorNotice error={save.error} />}
      <div className="button-row">
        <button type="submit" className="primary" disabled={save.isPending}>
          {method ? 'Save method' : 'Add method'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
