/** An address as it goes on a parcel, and as one line for a list of choices. */
import type { AddressFields } from '../../../../src/shared/fields.ts';
import { countryName } from './country-names.ts';

/** An address as the API answers it (saved, or an order's copy): its country a code the server checked. */
export type Address = Omit<AddressFields, 'country'> & { country: string };

/**
 * Countries whose addresses put the postal code before the city ("10115
 * Berlin"); elsewhere it follows the city and region ("Portland, OR 97201").
 */
const CODE_BEFORE_CITY = new Set('AT BE CH CZ DE DK ES FI FR GR HR HU IS IT LI LU NL NO PL PT SE SI SK'.split(' '));

function localityLine({ city, region, postalCode, country }: Address): string {
  if (CODE_BEFORE_CITY.has(country)) return [`${postalCode} ${city}`, region].filter(Boolean).join(', ');
  return [city, [region, postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

/** The parcel's lines, each keyed by what it holds; empty ones left out. */
function addressLines(address: Address): Array<[key: string, text: string]> {
  const lines: Array<[string, string]> = [
    ['name', address.name],
    ['line1', address.line1],
    ['line2', address.line2],
    ['locality', localityLine(address)],
    ['country', countryName(address.country)],
    ['phone', address.phone && `Phone ${address.phone}`],
  ];
  return lines.filter(([, text]) => text !== '');
}

export function PostalAddress({ address }: { address: Address }) {
  return (
    <address className="postal-address">
      {addressLines(address).map(([key, text]) => (
        <span key={key}>{text}</span>
      ))}
    </address>
  );
}

/** "Ada Lovelace, 12 Byron Road, 10115 Berlin, Germany": enough to tell saved addresses apart. */
export function addressSummary(address: Address): string {
  return [address.name, address.line1, address.line2, localityLine(address), countryName(address.country)]
    .filter(Boolean)
    .join(', ');
}
