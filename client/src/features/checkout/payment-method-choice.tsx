/**
 * How the shopper pays: the methods the store offers (`store.settings`),
 * each saying what happens next. Card shows only when the store offers it.
 */
import { PAYMENT_METHODS, type PaymentMethod } from '../../../../src/shared/payment-status.ts';
import type { StoreSettings } from '../../store-settings.tsx';
import { PAYMENT_METHOD_LABELS } from '../orders/status-labels.ts';

const WHAT_HAPPENS: Record<PaymentMethod, string> = {
  bank_transfer: 'After placing the order you get our bank details; we ship once the money arrives.',
  cash_on_delivery: 'Pay the courier when the parcel arrives.',
  card: 'Pay by card on the next page.',
};

/** The methods on offer, in the shared order; card only when the store lists it. */
export function offeredPaymentMethods(settings: Pick<StoreSettings, 'paymentMethods'>): PaymentMethod[] {
  return PAYMENT_METHODS.filter((method) => settings.paymentMethods.includes(method));
}

/** The method shown as chosen: the shopper's pick while offered, else bank transfer, else the first on offer. */
export function shownPaymentMethod(pick: PaymentMethod | null, offered: PaymentMethod[]): PaymentMethod | null {
  if (pick && offered.includes(pick)) return pick;
  return offered.includes('bank_transfer') ? 'bank_transfer' : (offered[0] ?? null);
}

type Props = {
  offered: PaymentMethod[];
  chosen: PaymentMethod | null;
  onChoose: (method: PaymentMethod) => void;
};

export function PaymentMethodChoice({ offered, chosen, onChoose }: Props) {
  return (
    <div className="choices">
      {offered.map((method) => (
        <label key={method} className="choice">
          <input
            type="radio"
            name="paymentMethod"
            value={method}
            checked={chosen === method}
            onChange={() => onChoose(method)}
          />
          <span className="choice-text">
            <span>{PAYMENT_METHOD_LABELS[method]}</span>
            <span className="hint">{WHAT_HAPPENS[method]}</span>
          </span>
        </label>
      ))}
    </div>
  );
}
