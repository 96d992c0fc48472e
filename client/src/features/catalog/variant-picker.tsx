/**
 * One radio group per option (a fieldset named by its legend), drawn as a
 * segmented control. Native radios keep the keyboard model: Tab enters the
 * group, the arrow keys move between the values that can be picked. A value
 * is disabled when, with the other options as picked, it is sold out or no
 * variant on sale has it.
 */
import { useId } from 'react';
import { type Selection, type ValueState, type Variant, valueState } from './variant-choice.ts';

const WHY_NOT: Record<Exclude<ValueState, 'available'>, string> = {
  'sold-out': 'sold out',
  unavailable: 'not available',
};

type Props = {
  options: { name: string; values: string[] }[];
  /** The variants on sale. */
  variants: Variant[];
  selection: Selection;
  onPick: (name: string, value: string) => void;
};

export function VariantPicker({ options, variants, selection, onPick }: Props) {
  const groupId = useId();
  return (
    <div className="variant-picker">
      {options.map((option, index) => (
        <fieldset key={option.name} className="option-picker">
          <legend>{option.name}</legend>
          <div className="segmented">
            {option.values.map((value) => {
              const state = valueState(variants, selection, option.name, value);
              return (
                <label key={value} className="segment">
                  <input
                    type="radio"
                    name={`${groupId}-${index}`}
                    value={value}
                    checked={selection[option.name] === value}
                    disabled={state !== 'available'}
                    aria-label={state === 'available' ? undefined : `${value}, ${WHY_NOT[state]}`}
                    onChange={() => onPick(option.name, value)}
                  />
                  <span>{value}</span>
                </label>
              );
            })}
          </div>
        </fieldset>
      ))}
    </div>
  );
}
