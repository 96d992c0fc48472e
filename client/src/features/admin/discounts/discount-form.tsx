/**
 * A discount code, new or edited: percent or fixed amount off the goods, an
 * optional minimum subtotal, start and end, total and per-customer limits,
 * and whether it is active. The code is fixed once made (orders keep it).
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { DISCOUNT_CODE } from '../../../../../src/shared/limits.ts';
import { queryClient, serverFieldErrors, trpc } from '../../../api.ts';
import { amountText } from '../../../money.ts';
import { useCurrencySymbol } from '../../../store-settings.tsx';
import { ErrorNotice, Field, type FieldErrors, formValues, SelectField } from '../../../ui.tsx';
import { checkDiscount, type Discount, type DiscountKind, localInputValue, valueText } from './discount-fields.ts';

const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

type Props = {
  /** The code edited; a new one when absent. */
  discount?: Discount;
  onDone: () => void;
};

export function DiscountForm({ discount, onDone }: Props) {
  const [kind, setKind] = useState<DiscountKind>(discount?.kind ?? 'percent');
  const [errors, setErrors] = useState<FieldErrors>({});
  const symbol = useCurrencySymbol();
  const titleId = useId();
  const form = useRef<HTMLFormElement>(null);
  // The form opens below the list when an Edit there is pressed: bring it into view, focus on its first field.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the form opens
  useEffect(() => {
    if (!discount) return;
    form.current?.scrollIntoView({ block: 'nearest' });
    form.current
      ?.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled]), select:not([disabled])')
      ?.focus();
  }, []);
  const options = { onSuccess: onDone, onSettled: () => queryClient.invalidateQueries(trpc.discounts.pathFilter()) };
  const create = useMutation(trpc.discounts.create.mutationOptions(options));
  const update = useMutation(trpc.discounts.update.mutationOptions(options));
  const save = discount ? update : create;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = checkDiscount(formValues(event.currentTarget), kind, !discount);
    setErrors(checked.errors);
    if (Object.keys(checked.errors).length > 0) return;
    if (discount) update.mutate({ id: discount.id, ...checked.fields });
    else create.mutate({ code: checked.code, ...checked.fields });
  };

  const shown = { ...serverFieldErrors(save.error), ...errors };
  return (
    <form ref={form} className="card form discount-form" onSubmit={submit} noValidate aria-labelledby={titleId}>
      <h2 id={titleId}>{discount ? `Edit ${discount.code}` : 'New discount code'}</h2>
      {!discount && (
        <Field
          label="Code"
          name="code"
          maxLength={DISCOUNT_CODE.maxLength}
          autoCapitalize="characters"
          hint="What shoppers type; letters, digits, _ and -. Case does not matter."
          error={shown.code}
        />
      )}
      <div className="form-row">
        <SelectField
          label="Kind"
          name="kind"
          value={kind}
          onChange={(event) => setKind(event.target.value as DiscountKind)}
        >
          <option value="percent">Percent off the goods</option>
          <option value="fixed">Amount off the goods</option>
        </SelectField>
        <Field
          key={kind}
          label={kind === 'percent' ? 'Percent off (%)' : `Amount off (${symbol})`}
          name="value"
          inputMode={kind === 'percent' ? 'numeric' : 'decimal'}
          defaultValue={discount && discount.kind === kind ? valueText(discount) : ''}
          error={shown.value}
        />
      </div>
      <Field
        label={`Minimum subtotal (${symbol}, optional)`}
        name="minSubtotal"
        inputMode="decimal"
        defaultValue={discount?.minSubtotalCents ? amountText(discount.minSubtotalCents) : ''}
        hint="Before the discount"
        error={shown.minSubtotalCents}
      />
      <div className="form-row">
        <Field
          label="Starts (optional)"
          name="startsAt"
          type="datetime-local"
          defaultValue={localInputValue(discount?.startsAt ?? null)}
          hint={`In your time zone, ${TIME_ZONE}`}
          error={shown.startsAt}
        />
        <Field
          label="Ends (optional)"
          name="endsAt"
          type="datetime-local"
          defaultValue={localInputValue(discount?.endsAt ?? null)}
          error={shown.endsAt}
        />
      </div>
      <div className="form-row">
        <Field
          label="Uses in all (optional)"
          name="usageLimit"
          type="number"
          min={1}
          defaultValue={discount?.usageLimit ?? ''}
          hint="Empty: no limit"
          error={shown.usageLimit}
        />
        <Field
          label="Uses per customer (optional)"
          name="perCustomerLimit"
          type="number"
          min={1}
          defaultValue={discount?.perCustomerLimit ?? ''}
          hint="Per account, or per email for guests"
          error={shown.perCustomerLimit}
        />
      </div>
      <label className="check">
        <input type="checkbox" name="isActive" defaultChecked={discount?.isActive ?? true} /> Active
      </label>
      {save.error && !Object.keys(shown).length && <ErrorNotice error={save.error} />}
      <div className="button-row">
        <button type="submit" className="primary" disabled={save.isPending}>
          {discount ? 'Save code' : 'Create code'}
        </button>
        {discount && (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
