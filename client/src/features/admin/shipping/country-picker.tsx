/**
 * The countries of a shipping zone: each chosen one as a chip that can be
 * taken off, and a select to add another. A country another zone already
 * holds is offered disabled, named with that zone: a country ships from one
 * zone only (a UNIQUE index on the server), so the form says so up front.
 */
import { useId } from 'react';
import { COUNTRY_OPTIONS, countryName } from '../../addresses/country-names.ts';

type Props = {
  chosen: string[];
  onChange: (countries: string[]) => void;
  /** Countries in other zones, by code, with the zone's name. */
  taken: ReadonlyMap<string, string>;
  error?: string;
};

export function CountryPicker({ chosen, onChange, taken, error }: Props) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Countries</label>
      {chosen.length > 0 ? (
        <ul className="chips" aria-label="Countries in this zone">
          {chosen.map((code) => (
            <li key={code} className="chip">
              {countryName(code)}
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${countryName(code)}`}
                onClick={() => onChange(chosen.filter((country) => country !== code))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <span className="hint">No countries yet: a zone needs at least one.</span>
      )}
      <select
        id={id}
        value=""
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => {
          const code = event.target.value;
          if (code && !chosen.includes(code)) onChange([...chosen, code]);
        }}
      >
        <option value="">Add a country…</option>
        {COUNTRY_OPTIONS.filter(({ code }) => !chosen.includes(code)).map(({ code, name }) => (
          <option key={code} value={code} disabled={taken.has(code)}>
            {taken.has(code) ? `${name} (in ${taken.get(code)})` : name}
          </option>
        ))}
      </select>
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
