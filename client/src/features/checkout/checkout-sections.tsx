/**
 * The checkout form's parts, in the order a shopper decides them: where the
 * order goes, then how it ships, a discount code, and how it is paid. Each
 * shows the choice the price on screen is for (checkout-choices.ts).
 */
import type { UseQueryResult } from '@tanstack/react-query';
import type { FieldErrors } from '../../ui.tsx';
import { ErrorNotice, Loading } from '../../ui.tsx';
import type { SavedAddress } from '../addresses/address-card.tsx';
import { AddressInputs } from '../addresses/address-fields.tsx';
import type { CheckoutChoices } from './checkout-choices.ts';
import { DiscountCodeField } from './discount-code-field.tsx';
import { PaymentMethodChoice } from './payment-method-choice.tsx';
import { ShipToChoice } from './ship-to-choice.tsx';
import { ShippingMethodChoice } from './shipping-method-choice.tsx';

type ShipToProps = {
  /** A guest types the address; a customer chooses from the address book or types a new one. */
  guest: boolean;
  choices: CheckoutChoices;
  /** The customer's address book; a guest's query is disabled and never loads. */
  addresses: UseQueryResult<SavedAddress[], unknown>;
  errors: FieldErrors;
};

export function ShipToSection({ guest, choices, addresses, errors }: ShipToProps) {
  const country = { value: choices.typedCountry, onChange: choices.setTypedCountry };
  const { shipTo } = choices;
  return (
    <fieldset>
      <legend>Shipping address</legend>
      {guest ? (
        <AddressInputs errors={errors} autofillSection="shipping" country={country} />
      ) : addresses.data && shipTo !== null ? (
        <ShipToChoice
          addresses={addresses.data}
          choice={shipTo}
          onChoose={choices.chooseShipTo}
          errors={errors}
          country={country}
        />
      ) : addresses.error ? (
        <ErrorNotice error={addresses.error} onRetry={() => void addresses.refetch()} />
      ) : (
        <Loading label="Loading your addresses…" />
      )}
    </fieldset>
  );
}

export function ChoiceSections({ choices }: { choices: CheckoutChoices }) {
  return (
    <>
      <fieldset>
        <legend>Shipping method</legend>
        <ShippingMethodChoice
          country={choices.country}
          methods={choices.methods}
          chosen={choices.shippingMethodId}
          onChoose={choices.chooseMethod}
        />
      </fieldset>
      <DiscountCodeField
        // Once priced, the code reads as the store spells it (codes ignore case).
        applied={choices.code && (choices.quote.quote?.discountCode ?? choices.code)}
        checking={choices.code !== null && choices.quote.updating}
        problem={choices.codeProblem}
        onApply={choices.applyCode}
        onRemove={choices.removeCode}
      />
      <fieldset>
        <legend>Payment</legend>
        <PaymentMethodChoice
          offered={choices.offeredPaymentMethods}
          chosen={choices.paymentMethod}
          onChoose={choices.choosePaymentMethod}
        />
      </fieldset>
    </>
  );
}
