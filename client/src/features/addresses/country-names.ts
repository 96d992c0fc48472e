/**
 * Countries as shoppers read them. The codes (ISO 3166-1 alpha-2) are the
 * shared list the API accepts; their names come from the browser's
 * Intl.DisplayNames, so no table of names ships with the storefront.
 */
import { COUNTRY_CODES, type CountryCode, isCountryCode } from '../../../../src/shared/countries.ts';

const LOCALE = 'en';
const names = new Intl.DisplayNames([LOCALE], { type: 'region', fallback: 'code' });

export function countryName(code: string): string {
  return names.of(code) ?? code;
}

/** Every country, by name, for a select. */
export const COUNTRY_OPTIONS: ReadonlyArray<{ code: CountryCode; name: string }> = COUNTRY_CODES.map((code) => ({
  code,
  name: countryName(code),
})).sort((a, b) => a.name.localeCompare(b.name, LOCALE));

/** The country of the browser's language setting (en-GB gives GB), as a first guess for a new address; '' when it names none. */
export function guessCountry(): string {
  for (const language of navigator.languages ?? []) {
    try {
      // POSIX spellings ("en_US", "en-US@posix") are what some systems hand the browser.
      const region = new Intl.Locale(language.split('@')[0]?.replace('_', '-') ?? '').maximize().region;
      if (region && isCountryCode(region)) return region;
    } catch {
      // Not a language tag at all ("C"): no guess from it.
    }
  }
  return '';
}
