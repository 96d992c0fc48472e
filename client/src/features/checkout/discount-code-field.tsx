/**
 * The discount code: typed, checked with the API's own schema, then applied
 * by pricing the cart with it (the quote says whether it applies: unknown,
 * not yet valid, ended, below its minimum, used up, or used by this shopper
 * already, in the server's words). An applied code can be removed. Enter in
 * the field applies the code; it never submits the order.
 */
import { type KeyboardEvent, useId, useState } from 'react';
import { discountCodeSchema } from '../../../../src/shared/fields.ts';
import { DISCOUNT_CODE } from '../../../../src/shared/limits.ts';

type Props = {
  /** The code the price includes (as the store spells it, once priced); null when none. */
  applied: string | null;
  /** The price with the applied code is on its way. */
  checking: boolean;
  /** Why the last code was refused or taken off, in the server's words. */
  problem: string | null;
  onApply: (code: string) => void;
  onRemove: () => void;
};

export function DiscountCodeField({ applied, checking, problem, onApply, onRemove }: Props) {
  const [text, setText] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const id = useId();

  const apply = () => {
    const checked = discountCodeSchema.safeParse(text);
    setInputError(checked.success ? null : (checked.error.issues[0]?.message ?? 'Enter a code'));
    if (checked.success) onApply(checked.data);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    apply();
  };

  if (applied) {
    return (
      <div className="applied-code">
        <p role="status">
          {checking ? (
            <>Checking the code {applied}…</>
          ) : (
            <>
              Code <strong>{applied}</strong> applied.
            </>
          )}
        </p>
        <button type="button" onClick={onRemove} aria-label={`Remove the code ${applied}`}>
          Remove
        </button>
      </div>
    );
  }

  const error = inputError ?? problem;
  return (
    <div className="field">
      <label htmlFor={id}>Discount code (optional)</label>
      <div className="inline-input">
        <input
          id={id}
          name="discountCode"
          value={text}
          maxLength={DISCOUNT_CODE.maxLength}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <button type="button" onClick={apply}>
          Apply
        </button>
      </div>
      {error && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
