/**
 * The manual provider end to end in real Chromium against the real stack: a
 * customer orders by bank transfer and is told where to send the money; an
 * admin records the money in the admin pages; the customer's order page then
 * shows it paid and the order confirmed.
 */
import { describe, expect, it } from 'vitest';
import {
  adminSession,
  apiCustomer,
  browserPerFile,
  checkoutTotal,
  fillAddress,
  goToCheckout,
  orderRow,
  paymentSection,
  screenshot,
  signInWithSession,
  signOutThroughUi,
  statusBadges,
  type TestAddress,
  timelineStatuses,
  variantId,
} from './helpers.ts';

const newPage = browserPerFile();

const LONDON: TestAddress = {
  name: 'Mary Somerville',
  line1: '21 Hanover Square',
  line2: '',
  city: 'London',
  region: '',
  postalCode: 'W1S 1JN',
  country: 'GB',
  phone: '',
};

describe('bank transfer', () => {
  it('is ordered by a customer, recorded by an admin, and shows paid on the customer’s order page', async () => {
    const customer = await apiCustomer('Mary Somerville');
    await customer.api.cart.add.mutate({ variantId: await variantId('Gooseneck Kettle'), quantity: 1 });
    const page = await newPage();
    await signInWithSession(page, customer);
    await page.getByRole('link', { name: /^Cart, 1 item$/ }).click();
    await goToCheckout(page);
    await fillAddress(page, LONDON);
    await page.getByRole('radio', { name: /^Tracked \(3-5 days\)/ }).waitFor();
    await page.getByRole('radio', { name: /^Bank transfer/ }).check();
    // 79.00 + 7.99 Tracked, + 20% VAT on each (15.80 + 1.60).
    expect(await checkoutTotal(page)).toBe('$104.39');
    await page.getByText('You agree to pay $104.39, by bank transfer.').waitFor();
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    await page.getByText('Thank you! Your order is placed.').waitFor();
    const heading = await page.getByRole('heading', { level: 1, name: /^Order #\d+$/ }).textContent();
    const orderId = Number(heading?.replace('Order #', ''));

    // Until the money arrives: the bank details, the amount and the reference to quote.
    await statusBadges(page).getByText('Awaiting payment', { exact: true }).waitFor();
    const howToPay = paymentSection(page).getByRole('note', { name: 'How to pay by bank transfer' });
    await howToPay.getByText('IBAN', { exact: false }).waitFor();
    expect(await howToPay.textContent()).toContain(`Amount: $104.39 · Reference: Order #${orderId}`);
    await screenshot(page, 'order-bank-transfer');
    await signOutThroughUi(page);

    await signInWithSession(page, await adminSession());
    await page.getByRole('link', { name: 'Manage orders' }).click();
    await orderRow(page.getByRole('region', { name: /^Pending/ }), orderId)
      .getByRole('link', { name: `Order #${orderId}` })
      .click();
    const record = page.getByRole('form', { name: 'Record a payment' });
    expect(await record.getByLabel('Amount received ($)').inputValue()).toBe('104.39');
    await record.getByRole('button', { name: 'Record payment' }).click();
    await record.getByText('Give the payment’s reference, e.g. the bank transfer’s, or “cash”').waitFor();
    await record.getByLabel('Payment reference').fill('GB-TRANSFER-0042');
    await record.getByRole('button', { name: 'Record payment' }).click();
    await statusBadges(page).getByText('Paid', { exact: true }).waitFor();
    expect(await timelineStatuses(page)).toEqual(['Pending', 'Confirmed']);
    await signOutThroughUi(page);

    await signInWithSession(page, customer);
    await page.getByRole('link', { name: 'My orders', exact: true }).click();
    await orderRow(page, orderId)
      .getByRole('link', { name: `Order #${orderId}` })
      .click();
    await page.getByRole('heading', { level: 1, name: `Order #${orderId}` }).waitFor();
    await statusBadges(page).getByText('Paid', { exact: true }).waitFor();
    await statusBadges(page).getByText('Confirmed', { exact: true }).waitFor();
    expect(await paymentSection(page).textContent()).toContain('Received$104.39');
    await paymentSection(page).getByText('GB-TRANSFER-0042').waitFor();
    expect(await paymentSection(page).getByRole('note').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Cancel order/ }).count()).toBe(0);
    await screenshot(page, 'order-paid');
    await page.close();
  });
});
