/**
 * Checkout's price in real Chromium against the real stack (the demo seed:
 * prices exclude tax, USD; EU Standard 9.99 free from 100.00, Express 24.99;
 * FR TVA and DE MwSt apply to shipping too; SAVE5 is 5.00 off from 30.00,
 * WELCOME10 once per customer): a discount code and a shipping method
 * chosen, the server's breakdown as it changes, the same breakdown on the
 * order page, and the refusals a price can earn.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  adminApi,
  api,
  apiCustomer,
  baseUrl,
  breakdownRow,
  browserPerFile,
  categoryId,
  checkoutTotal,
  checkoutViaApi,
  fillAddress,
  goToCheckout,
  HOME_ADDRESS,
  productId,
  screenshot,
  signInWithSession,
  type TestAddress,
  uniqueEmail,
  variantId,
} from './helpers.ts';

const newPage = browserPerFile();

const PARIS: TestAddress = {
  name: 'Sophie Germain',
  line1: '8 Rue de la Paix',
  line2: '',
  city: 'Paris',
  region: '',
  postalCode: '75002',
  country: 'FR',
  phone: '',
};

const codeField = (page: Page) => page.getByLabel('Discount code (optional)');

describe('checkout pricing', () => {
  it('prices a guest order with a discount code and a chosen shipping method, and the order page shows the same breakdown', async () => {
    const page = await newPage();
    await page.goto(`${baseUrl()}/products/${await productId('Linen Tea Towels')}`);
    await page.getByLabel('Quantity', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
    await page.getByText('Added to cart').waitFor();
    await page.goto(`${baseUrl()}/cart`);
    await goToCheckout(page);
    const email = uniqueEmail('guest-code');
    await page.getByLabel('Email', { exact: true }).fill(email);
    await fillAddress(page, PARIS);
    // 38.00 + 9.99 shipping, and 20% TVA on both (7.60 + 2.00).
    expect(await checkoutTotal(page)).toBe('$57.59');

    await codeField(page).fill('NOPE10');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'There is no discount code NOPE10' }).waitFor();
    expect(await checkoutTotal(page)).toBe('$57.59');

    // Codes ignore case; the applied one reads as the store spells it. Enter applies it, and places nothing.
    await codeField(page).fill('save5');
    await codeField(page).press('Enter');
    await page.getByRole('status').filter({ hasText: 'Code SAVE5 applied.' }).waitFor();
    // 38.00 − 5.00, + 9.99, + 20% on 33.00 and on the shipping.
    expect(await checkoutTotal(page)).toBe('$51.59');
    expect(await breakdownRow(page, 'Discount (SAVE5)').textContent()).toContain('−$5.00');
    expect(await breakdownRow(page, 'Tax 20%').textContent()).toContain('$6.60');

    await page.getByRole('radio', { name: /^Express \(2-3 days\)/ }).check();
    expect(await checkoutTotal(page)).toBe('$69.59');
    expect(await breakdownRow(page, /^Shipping · Express \(2-3 days\)/).textContent()).toContain('$24.99');
    await page.getByRole('radio', { name: /^Standard \(4-7 days\)/ }).check();
    expect(await checkoutTotal(page)).toBe('$51.59');
    await screenshot(page, 'checkout-discount');

    const placed: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/trpc/checkout.place')) placed.push(request.postData() ?? '');
    });
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    await page.getByText('Thank you! Your order is placed.').waitFor();
    expect(placed).toHaveLength(1);
    // The batch link posts { "0": input }: the code as typed, and the total on screen.
    expect(JSON.parse(placed[0] ?? '{}')['0']).toMatchObject({ discountCode: 'save5', expectedTotalCents: 5159 });

    for (const [label, amount] of [
      ['Subtotal', '$38.00'],
      ['Discount (SAVE5)', '−$5.00'],
      ['Shipping · Standard (4-7 days)', '$9.99'],
      ['Tax 20%', '$6.60'],
      ['Tax on shipping', '$2.00'],
    ] as const) {
      expect(await breakdownRow(page, label).textContent()).toContain(amount);
    }
    expect(await page.getByTestId('order-total').textContent()).toBe('$51.59');
    await screenshot(page, 'guest-order-discount');
    const token = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    expect(await api().orders.byLink.query({ token })).toMatchObject({
      discountCode: 'SAVE5',
      discountCents: 500,
      shippingMethodName: 'Standard (4-7 days)',
      totalCents: 5159,
      customer: { email },
    });
    await page.close();
  });

  it("takes off a code the customer has used up, in the server's words", async () => {
    const customer = await apiCustomer();
    await customer.api.cart.add.mutate({ variantId: await variantId('Chef Knife'), quantity: 1 });
    await checkoutViaApi(customer.api, { shipTo: { address: HOME_ADDRESS }, discountCode: 'WELCOME10' });
    await customer.api.cart.add.mutate({ variantId: await variantId('Chef Knife'), quantity: 1 });

    const page = await newPage();
    await signInWithSession(page, customer);
    await page.goto(`${baseUrl()}/checkout`);
    await fillAddress(page, HOME_ADDRESS);
    const before = await checkoutTotal(page);
    await codeField(page).fill('WELCOME10');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'You have already used the code WELCOME10 as often as it allows' })
      .waitFor();
    expect(await checkoutTotal(page)).toBe(before);
    expect(await page.getByRole('button', { name: /^Remove the code/ }).count()).toBe(0);
    await page.close();
  });

  it('shows the new total when a price changed after it was shown, and places the order once the shopper agrees to it', async () => {
    const staff = await adminApi();
    const suffix = crypto.randomUUID().slice(0, 8).toUpperCase();
    const product = await staff.catalog.createProduct.mutate({
      categoryId: await categoryId('apparel-tops-tees'),
      name: `Price Tee ${suffix}`,
      priceCents: 2000,
      stock: 5,
    });
    const variant = product.variants[0]?.id ?? 0;
    const customer = await apiCustomer();
    await customer.api.cart.add.mutate({ variantId: variant, quantity: 1 });

    const page = await newPage();
    await signInWithSession(page, customer);
    await page.goto(`${baseUrl()}/checkout`);
    await fillAddress(page, HOME_ADDRESS);
    // 20.00 + 9.99, + 19% MwSt on each (3.80 + 1.90).
    expect(await checkoutTotal(page)).toBe('$35.69');

    await staff.catalog.updateVariant.mutate({ id: variant, priceCents: 2500 });
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'The total changed from $35.69 to $41.64' }).waitFor();
    expect(await checkoutTotal(page)).toBe('$41.64');
    expect((await customer.api.orders.mine.query({})).items).toHaveLength(0);
    await screenshot(page, 'checkout-price-changed');

    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    await page.getByText('Thank you! Your order is placed.').waitFor();
    expect(await page.getByTestId('order-total').textContent()).toBe('$41.64');
    await page.close();
  });
});
