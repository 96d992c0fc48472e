/**
 * A form for one address of the address book, new or edited: the fields are
 * checked with the API's own schema (`addressFields`) before anything is sent,
 * and the server's refusals show beside the fields or as a notice.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { type AddressFields, addressFields } from '../../../../src/shared/fields.ts';
import { serverFieldErrors } from '../../api.ts';
import { ErrorNotice, type FieldErrors, formValues, validate } from '../../ui.tsx';
import { AddressInputs } from './address-fields.tsx';
import type { Address } from './postal-address.tsx';

type Props = {
  title: string;
  submitLabel: string;
  initial?: Address;
  /** Offer "Make this my default address" (a new address); a customer's first address is the default anyway. */
  offerDefault?: boolean;
  pending: boolean;
  error: unknown;
  /** What the form says when the server refuses; the server's own words when not given. */
  describeRefusal?: (error: unknown) => string | undefined;
  onSave: (address: AddressFields, makeDefault: boolean) => void;
  onCancel?: () => void;
  /** Opened by a button that then goes away: focus moves into the form, not back to the top of the page. */
  focusOnOpen?: boolean;
};

export function AddressForm(props: Props) {
  const { title, submitLabel, initial, offerDefault = false, pending, error, onSave, onCancel, focusOnOpen } = props;
  const [errors, setErrors] = useState<FieldErrors>({});
  const titleId = useId();
  const form = useRef<HTMLFormElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the form opens
  useEffect(() => {
    if (focusOnOpen) form.current?.querySelector('input')?.focus();
  }, []);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = formValues(event.currentTarget);
    const result = validate(addressFields, values);
    setErrors(result.ok ? {} : result.errors);
    if (result.ok) onSave(result.data, values.makeDefault === 'on');
  };

  const fieldErrors = { ...serverFieldErrors(error), ...errors };
  const hasFieldErrors = Object.keys(serverFieldErrors(error)).length > 0;
  return (
    <form ref={form} className="card form address-form" onSubmit={submit} noValidate aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      <AddressInputs errors={fieldErrors} initial={initial} />
      {offerDefault && (
        <label className="check">
          <input type="checkbox" name="makeDefault" /> Make this my default address
        </label>
      )}
      {error !== null && !hasFieldErrors && <ErrorNotice error={error} message={props.describeRefusal?.(error)} />}
      <div className="button-row">
        <button type="submit" className="primary" disabled={pending} aria-busy={pending || undefined}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
