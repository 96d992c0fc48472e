/**
 * One cart line, a variant: its options, its quantity (0 removes it), a
 * remove button, and a warning when stock is short. Two sizes of one product
 * are two lines, so every label names the variant, not just the product.
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { lineQuantitySchema } from '../../../../src/shared/fields.ts';
import { describeError, queryClient, trpc } from '../../api.ts';
import { Link } from '../../router.tsx';
import { useMoney } from '../../store-settings.tsx';
import type { Outputs } from '../../types.ts';
import { formatOptions, variantName } from '../catalog/variant-options.ts';

export type CartItem = Outputs['cart']['get']['items'][number];

/**
 * What to tell the customer when this line cannot be supplied as it stands:
 * `available` is false when stock no longer covers the quantity, and a failed
 * checkout flags the lines its INSUFFICIENT_STOCK error names.
 */
export function shortage(line: CartItem, flagged = false): string | null {
  if (line.available && !flagged) return null;
  return 'Not enough stock for this quantity: lower it or remove the line.';
}

export function CartLine({ line }: { line: CartItem }) {
  const [quantity, setQuantity] = useState(String(line.quantity));
  const [inputError, setInputError] = useState<string | null>(null);
  const lineId = useId();
  const money = useMoney();
  const options = { onSettled: () => queryClient.invalidateQueries(trpc.cart.pathFilter()) };
  const setQty = useMutation(trpc.cart.setQuantity.mutationOptions(options));
  const remove = useMutation(trpc.cart.remove.mutationOptions(options));
  const problem = shortage(line);
  const label = variantName(line.name, line.options);
  const optionsText = formatOptions(line.options);
  const busy = setQty.isPending || remove.isPending;
  const mutationError = setQty.error ?? remove.error;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = Number(quantity);
    // 0 removes the line; anything else must be a quantity an order line accepts.
    const checked = next === 0 ? null : lineQuantitySchema.safeParse(next);
    if (quantity.trim() === '' || (checked && !checked.success)) {
      setInputError(checked?.error?.issues[0]?.message ?? 'Enter a whole number (0 removes the line)');
      return;
    }
    setInputError(null);
    if (next !== line.quantity) setQty.mutate({ variantId: line.variantId, quantity: next });
  };

  return (
    <li className={`card cart-line${problem ? ' short' : ''}`} aria-label={label}>
      <div className="cart-line-name">
        <Link to={`/products/${line.productId}?variant=${line.variantId}`}>{line.name}</Link>
        {optionsText && <span className="options">{optionsText}</span>}
        <span className="hint">{money(line.priceCents)} each</span>
      </div>
      <form className="cart-line-quantity" onSubmit={submit}>
        <label htmlFor={`${lineId}-qty`}>
          Quantity<span className="visually-hidden"> of {label}</span>
        </label>
        <input
          id={`${lineId}-qty`}
          type="number"
          min={0}
          inputMode="numeric"
          value={quantity}
          onChange={(event) => setQuantity(event.target.value)}
          aria-invalid={inputError ? true : undefined}
          aria-describedby={`${lineId}-problem`}
        />
        <button type="submit" disabled={busy} aria-label={`Update quantity of ${label}`}>
          Update
        </button>
      </form>
      <p className="cart-line-subtotal">{money(line.subtotalCents)}</p>
      <button
        type="button"
        className="link-button"
        disabled={busy}
        onClick={() => remove.mutate({ variantId: line.variantId })}
        aria-label={`Remove ${label}`}
      >
        Remove
      </button>
      <p id={`${lineId}-problem`} className="field-error cart-line-problem" role={problem ? 'alert' : undefined}>
        {inputError ?? (mutationError ? describeError(mutationError) : problem)}
      </p>
    </li>
  );
}
