/**
 * The inputs of a postal address, for any form that asks for one (checkout,
 * the address book). Checking them is the form's job, with `addressFields`
 * from src/shared/fields.ts, the schema the API checks them with; these
 * inputs only show its messages beside the fields.
 */
import { type ChangeEvent, useState } from 'react';
import { ADDRESS_FIELD_MAX_LENGTH, PHONE_MAX_LENGTH, POSTAL_CODE_MAX_LENGTH } from '../../../../src/shared/limits.ts';
import { Field, type FieldErrors, SelectField } from '../../ui.tsx';
import { COUNTRY_OPTIONS, guessCountry } from './country-names.ts';
import type { Address } from './postal-address.tsx';

type Props = {
  errors: FieldErrors;
  /** The address being edited; a new one starts empty, in the country the browser's language names. */
  initial?: Address;
  /** `shipping` for checkout, so the browser's autofill offers the shopper's shipping address. */
  autofillSection?: 'shipping';
  /**
   * The country, held by a form that must know it as it changes (checkout
   * prices shipping and tax by it); without it the select keeps its own value.
   */
  country?: { value: string; onChange: (country: string) => void };
};

export function AddressInputs({ errors, initial, autofillSection, country }: Props) {
  const [initialCountry] = useState(() => initial?.country ?? guessCountry());
  const countryValue = country
    ? {
        value: country.value,
        onChange: (event: ChangeEvent<HTMLSelectElement>) => country.onChange(event.target.value),
      }
    : { defaultValue: initialCountry };
  const autofill = (token: string) => (autofillSection ? `${autofillSection} ${token}` : token);
  const line = { maxLength: ADDRESS_FIELD_MAX_LENGTH };
  return (
    <div className="address-fields">
      <Field
        label="Full name"
        name="name"
        autoComplete={autofill('name')}
        defaultValue={initial?.name}
        error={errors.name}
        {...line}
      />
      <Field
        label="Address line 1"
        name="line1"
        autoComplete={autofill('address-line1')}
        defaultValue={initial?.line1}
        error={errors.line1}
        hint="Street and number, or PO box"
        {...line}
      />
      <Field
        label="Address line 2 (optional)"
        name="line2"
        autoComplete={autofill('address-line2')}
        defaultValue={initial?.line2}
        error={errors.line2}
        hint="Apartment, suite, floor, company"
        {...line}
      />
      <Field
        label="City"
        name="city"
        autoComplete={autofill('address-level2')}
        defaultValue={initial?.city}
        error={errors.city}
        {...line}
      />
      <Field
        label="State, province or region (optional)"
        name="region"
        autoComplete={autofill('address-level1')}
        defaultValue={initial?.region}
        error={errors.region}
        {...line}
      />
      <Field
        label="Postal code"
        name="postalCode"
        autoComplete={autofill('postal-code')}
        defaultValue={initial?.postalCode}
        error={errors.postalCode}
        maxLength={POSTAL_CODE_MAX_LENGTH}
      />
      <SelectField
        label="Country"
        name="country"
        autoComplete={autofill('country')}
        {...countryValue}
        // The select offers only codes the schema accepts, so its one refusal is "none chosen".
        error={errors.country && 'Choose a country'}
      >
        <option value="">Choose a country</option>
        {COUNTRY_OPTIONS.map(({ code, name }) => (
          <option key={code} value={code}>
            {name}
          </option>
        ))}
      </SelectField>
      <Field
        label="Phone (optional)"
        name="phone"
        type="tel"
        autoComplete={autofill('tel')}
        defaultValue={initial?.phone}
        error={errors.phone}
        hint="For the courier, if they need to reach you"
        maxLength={PHONE_MAX_LENGTH}
      />
    </div>
  );
}
