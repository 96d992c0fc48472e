/**
 * The customer's address book in real Chromium against the real stack: add,
 * edit, make default and delete, with the API's own field checks; checkout
 * offers the saved addresses with the default chosen, and the order keeps a
 * copy of the address it went to.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  apiCustomer,
  browserPerFile,
  fillAddress,
  goToCheckout,
  HOME_ADDRESS,
  screenshot,
  shipToSection,
  signInThroughUi,
  type TestAddress,
  variantId,
} from './helpers.ts';

const newPage = browserPerFile();

const OFFICE: TestAddress = {
  name: 'Ada Lovelace',
  line1: '1 Office Park',
  line2: '',
  city: 'London',
  region: '',
  postalCode: 'SW1A 1AA',
  country: 'GB',
  phone: '',
};

const card = (page: Page, line1: string) =>
  page.getByRole('listitem', { name: new RegExp(`^Ada Lovelace, ${line1},`) });
const newAddressForm = (page: Page) => page.getByRole('form', { name: 'New address' });

describe('address book', () => {
  it('keeps addresses, and checkout ships to the default one, which the order keeps a copy of', async () => {
    const customer = await apiCustomer('Ada Lovelace');
    await customer.api.cart.add.mutate({ variantId: await variantId('Chef Knife'), quantity: 1 });
    const page = await newPage();
    await signInThroughUi(page, customer.email, customer.password);
    await page.getByRole('link', { name: 'Addresses', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Address book' }).waitFor();
    await page.getByText('You have no saved addresses yet.').waitFor();

    // The first address: the form is open, and the schema's messages show beside the fields.
    await newAddressForm(page).getByRole('button', { name: 'Save address' }).click();
    await page.getByText('Name is required').waitFor();
    await page.getByText('City is required').waitFor();
    await fillAddress(newAddressForm(page), HOME_ADDRESS);
    await newAddressForm(page).getByRole('button', { name: 'Save address' }).click();
    await page.getByRole('status').filter({ hasText: 'Address saved as your default.' }).waitFor();
    await card(page, '12 Byron Road').getByText('Default', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Add an address', exact: true }).click();
    await fillAddress(newAddressForm(page), OFFICE);
    await newAddressForm(page).getByRole('button', { name: 'Save address' }).click();
    await card(page, '1 Office Park').waitFor();
    expect(await card(page, '1 Office Park').getByText('Default', { exact: true }).count()).toBe(0);

    await page.getByRole('button', { name: 'Edit Ada Lovelace, 1 Office Park', exact: true }).click();
    const editForm = page.getByRole('form', { name: 'Edit Ada Lovelace, 1 Office Park' });
    await editForm.getByLabel('Address line 2 (optional)').fill('Floor 3');
    await editForm.getByRole('button', { name: 'Save address' }).click();
    await card(page, '1 Office Park').getByText('Floor 3', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Make Ada Lovelace, 1 Office Park my default address' }).click();
    await card(page, '1 Office Park').getByText('Default', { exact: true }).waitFor();
    await expect.poll(() => card(page, '12 Byron Road').getByText('Default', { exact: true }).count()).toBe(0);

    await page.getByRole('button', { name: 'Add an address', exact: true }).click();
    await fillAddress(newAddressForm(page), { ...HOME_ADDRESS, line1: '3 Old Flat Lane' });
    await newAddressForm(page).getByRole('button', { name: 'Save address' }).click();
    await page.getByRole('button', { name: 'Delete Ada Lovelace, 3 Old Flat Lane', exact: true }).click();
    await card(page, '3 Old Flat Lane').getByRole('button', { name: 'Delete address' }).click();
    await page.getByRole('status').filter({ hasText: 'Address deleted.' }).waitFor();
    expect(await page.getByRole('list', { name: 'Saved addresses' }).getByRole('listitem').count()).toBe(2);
    await screenshot(page, 'address-book');

    // Checkout offers both, the default chosen.
    await page.getByRole('link', { name: /^Cart, 1 item$/ }).click();
    await goToCheckout(page);
    const office = page.getByRole('radio', { name: /1 Office Park/ });
    expect(await office.isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: /12 Byron Road/ }).isChecked()).toBe(false);
    expect(await page.getByLabel('Full name').isVisible()).toBe(false);
    await screenshot(page, 'checkout-saved-address');
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    await page.getByText('Thank you! Your order is placed.').waitFor();
    for (const line of ['1 Office Park', 'Floor 3', 'London, SW1A 1AA', 'United Kingdom']) {
      await shipToSection(page).getByText(line, { exact: true }).waitFor();
    }
    const [placed] = (await customer.api.orders.mine.query({})).items;
    const orderId = placed?.id ?? 0;
    expect((await customer.api.orders.get.query({ id: orderId })).shipTo).toEqual({ ...OFFICE, line2: 'Floor 3' });

    // The order kept its own copy: moving the office in the book does not move the order.
    const [saved] = await customer.api.addresses.list.query();
    if (!saved) throw new Error('the office address is gone');
    await customer.api.addresses.update.mutate({ ...saved, line1: '9 New Street' });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: `Order #${orderId}` }).waitFor();
    await shipToSection(page).getByText('1 Office Park', { exact: true }).waitFor();
    await page.close();
  });

  it('types a new address at checkout beside the saved ones, and saves it to the book when asked', async () => {
    const customer = await apiCustomer('Ada Lovelace');
    await customer.api.addresses.add.mutate({ ...HOME_ADDRESS, isDefault: true });
    await customer.api.cart.add.mutate({ variantId: await variantId('Stainless Saucepan'), quantity: 1 });
    const page = await newPage();
    await signInThroughUi(page, customer.email, customer.password);
    await page.getByRole('link', { name: /^Cart, 1 item$/ }).click();
    await goToCheckout(page);

    await page.getByRole('radio', { name: 'A new address' }).check();
    await fillAddress(page, OFFICE);
    await page.getByLabel('Save to my address book').check();
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    await page.getByText('Thank you! Your order is placed.').waitFor();
    await shipToSection(page).getByText('London, SW1A 1AA', { exact: true }).waitFor();

    const book = await customer.api.addresses.list.query();
    expect(book.map((address) => [address.line1, address.isDefault])).toEqual([
      ['12 Byron Road', true],
      ['1 Office Park', false],
    ]);
    await page.close();
  });
});
