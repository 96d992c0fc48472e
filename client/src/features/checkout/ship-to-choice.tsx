/**
 * Where a customer's order goes: one of their saved addresses (the default
 * chosen first) or a new one typed in, which they may also save to their
 * address book. The new address's inputs stay mounted while hidden, so
 * choosing a saved address and back keeps what was typed.
 */
import { Link } from '../../router.tsx';
import type { FieldErrors } from '../../ui.tsx';
import type { SavedAddress } from '../addresses/address-card.tsx';
import { AddressInputs } from '../addresses/address-fields.tsx';
import { addressSummary } from '../addresses/postal-address.tsx';

export type ShipChoice = number | 'new';

/** The choice shown: the shopper's, while it is still in the book; else the default, the first, or a new one. */
export function shownChoice(choice: ShipChoice | null, addresses: SavedAddress[]): ShipChoice {
  if (choice === 'new') return 'new';
  if (choice !== null && addresses.some((address) => address.id === choice)) return choice;
  return addresses.find((address) => address.isDefault)?.id ?? addresses[0]?.id ?? 'new';
}

type Props = {
  addresses: SavedAddress[];
  choice: ShipChoice;
  onChoose: (choice: ShipChoice) => void;
  errors: FieldErrors;
  /** The new address's country, which the checkout prices by. */
  country: { value: string; onChange: (country: string) => void };
};

export function ShipToChoice({ addresses, choice, onChoose, errors, country }: Props) {
  return (
    <>
      {addresses.length > 0 && (
        <div className="address-choices">
          {addresses.map((address) => (
            <label key={address.id} className="address-choice">
              <input
                type="radio"
                name="shipChoice"
                value={address.id}
                checked={choice === address.id}
                onChange={() => onChoose(address.id)}
              />
              <span>
                {addressSummary(address)} {address.isDefault && <span className="badge default-address">Default</span>}
              </span>
            </label>
          ))}
          <label className="address-choice">
            <input
              type="radio"
              name="shipChoice"
              value="new"
              checked={choice === 'new'}
              onChange={() => onChoose('new')}
            />
            <span>A new address</span>
          </label>
        </div>
      )}
      <div className="new-address" hidden={choice !== 'new'}>
        <AddressInputs errors={errors} autofillSection="shipping" country={country} />
        <label className="check">
          <input type="checkbox" name="saveAddress" /> Save to my address book
        </label>
      </div>
      <p className="hint">
        <Link to="/account/addresses">Manage your address book</Link>
      </p>
    </>
  );
}
