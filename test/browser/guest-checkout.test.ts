/**
 * Shopping without an account, in real Chromium against the real stack: a
 * guest's cart (kept by its cart token), checkout with an email and a typed
 * address, the order's link (the guest's only key to it) and this device's
 * list of them, and the guest cart moving into an account on sign-in.
 */
import { describe, expect, it } from 'vitest';
import {
  api,
  apiCustomer,
  baseUrl,
  breakdownRow,
  browserPerFile,
  checkoutTotal,
  fillAddress,
  goToCheckout,
  HOME_ADDRESS,
  orderItemsTable,
  orderRow,
  paymentSection,
  productId,
  screenshot,
  shipToSection,
  signInThroughUi,
  timelineStatuses,
  uniqueEmail,
  variantId,
} from './helpers.ts';

const newPage = browserPerFile();

const CART_TOKEN_KEY = 'stockroom.cart-token';

describe('guest', () => {
  it('adds to the cart, checks out with an email and a typed address, and sees the order through its link', async () => {
    const page = await newPage();
    const placements: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/trpc/checkout.place')) placements.push(request.postData() ?? '');
    });
    await page.goto(`${baseUrl()}/products/${await productId('Linen Tea Towels')}`);
    await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
    await page.getByText('Added to cart').waitFor();
    expect(await page.evaluate((key) => localStorage.getItem(key), CART_TOKEN_KEY)).toMatch(/^[\w-]{43}$/);

    await page.getByRole('link', { name: /^Cart, 1 item$/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Your cart' }).waitFor();
    await goToCheckout(page);
    // The country decides shipping and tax: the cheapest method there is chosen, and the server prices it.
    await page.getByLabel('Country', { exact: true }).selectOption('DE');
    await page.getByRole('radio', { name: /^Standard \(4-7 days\)/ }).waitFor();
    expect(await page.getByRole('radio', { name: /^Standard \(4-7 days\)/ }).isChecked()).toBe(true);
    // 19.00 + 9.99 shipping + 19% MwSt on each (3.61 + 1.90).
    expect(await checkoutTotal(page)).toBe('$34.50');
    expect(await breakdownRow(page, 'Tax on shipping').textContent()).toContain('$1.90');

    // Every field is checked with the API's own schema before anything is sent.
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    await page.getByText('Name is required').waitFor();
    await page.getByText('Address line 1 is required').waitFor();
    await page.getByText('City is required').waitFor();
    await page.getByText('Postal code is required').waitFor();
    expect(await page.getByLabel('Email', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Postal code', { exact: true }).fill('10115!');
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    await page.getByText('Postal code may hold only letters, digits, spaces and -').waitFor();
    expect(placements).toEqual([]);
    await screenshot(page, 'guest-checkout-invalid');

    const email = uniqueEmail('guest');
    await page.getByLabel('Email', { exact: true }).fill(email);
    await fillAddress(page, HOME_ADDRESS);
    await screenshot(page, 'guest-checkout');
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    await page.getByText('Thank you! Your order is placed.').waitFor();

    // The page is the order's link; it says so, and offers it to copy.
    const url = new URL(page.url());
    const token = /^\/orders\/link\/([\w-]{43})$/.exec(url.pathname)?.[1] ?? '';
    expect(token).not.toBe('');
    expect(await page.getByLabel("Your order's link").inputValue()).toBe(`${url.origin}/orders/link/${token}`);
    const heading = await page.getByRole('heading', { level: 1, name: /^Order #\d+$/ }).textContent();
    const orderId = Number(heading?.replace('Order #', ''));
    await page.getByText(`For ${email}`).waitFor();
    for (const line of ['Ada Lovelace', '12 Byron Road', '10115 Berlin', 'Germany', 'Phone +49 30 1234567']) {
      await shipToSection(page).getByText(line, { exact: true }).waitFor();
    }
    expect(await orderItemsTable(page).textContent()).toContain('Linen Tea Towels');
    expect(await page.getByTestId('order-total').textContent()).toBe('$34.50');
    // Bank transfer is the default: until the money arrives, the page says where to send it.
    const howToPay = paymentSection(page).getByRole('note', { name: 'How to pay by bank transfer' });
    await howToPay.getByText(`Reference: Order #${orderId}`).waitFor();
    expect(await howToPay.textContent()).toContain('Amount: $34.50');
    expect(await timelineStatuses(page)).toEqual(['Pending']);
    await expect.poll(() => page.getByRole('link', { name: /^Cart, 0 items$/ }).count()).toBe(1);
    await screenshot(page, 'guest-order-placed');

    const order = await api().orders.byLink.query({ token });
    expect(order).toMatchObject({ id: orderId, status: 'pending', customer: { id: null, email } });
    expect(order.shipTo).toEqual(HOME_ADDRESS);

    // The link is the whole key: a reload (or a bookmark) shows the order again.
    await page.goto(`${baseUrl()}/orders/link/${token}`);
    await page.getByRole('heading', { level: 1, name: `Order #${orderId}` }).waitFor();
    await shipToSection(page).getByText('10115 Berlin', { exact: true }).waitFor();
    expect(await page.getByText('Thank you! Your order is placed.').count()).toBe(0);

    // This device keeps the link under "Your orders".
    await page.getByRole('link', { name: 'Your orders', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Your recent orders' }).waitFor();
    await orderRow(page, orderId).getByText('Pending', { exact: true }).waitFor();
    await screenshot(page, 'guest-recent-orders');
    await orderRow(page, orderId)
      .getByRole('link', { name: `Order #${orderId}` })
      .click();
    await page.getByRole('heading', { level: 1, name: `Order #${orderId}` }).waitFor();

    await page.getByRole('button', { name: `Cancel order #${orderId}` }).click();
    await expect.poll(() => timelineStatuses(page)).toEqual(['Pending', 'Cancelled']);
    expect(await page.getByRole('button', { name: `Cancel order #${orderId}` }).count()).toBe(0);
    expect((await api().orders.byLink.query({ token })).status).toBe('cancelled');

    await page.goto(`${baseUrl()}/orders/link/${'A'.repeat(43)}`);
    await page.getByRole('heading', { level: 1, name: 'Order not found' }).waitFor();
    await page.close();
  });

  it('starts a new cart when the one its token named is gone', async () => {
    const page = await newPage();
    const gone = 'A'.repeat(43);
    await page.evaluate(([key, token]) => localStorage.setItem(key, token), [CART_TOKEN_KEY, gone] as const);
    await page.goto(`${baseUrl()}/products/${await productId('Kids Headphones')}`);
    await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
    await page.getByText('Added to cart').waitFor();
    await page.getByRole('link', { name: /^Cart, 1 item$/ }).waitFor();
    const token = await page.evaluate((key) => localStorage.getItem(key), CART_TOKEN_KEY);
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(token).not.toBe(gone);
    await page.close();
  });

  it('brings the guest cart into the account on sign-in, and names the line that stock limited', async () => {
    const grinder = await variantId('Burr Grinder');
    const product = await api().catalog.product.query({ id: await productId('Burr Grinder') });
    const stock = product.variants.find((variant) => variant.id === grinder)?.stock ?? 0;
    expect(stock).toBeGreaterThan(2);
    const customer = await apiCustomer();
    await customer.api.cart.add.mutate({ variantId: grinder, quantity: stock - 1 });

    const page = await newPage();
    await page.goto(`${baseUrl()}/products/${product.id}`);
    await page.getByLabel('Quantity', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
    await page.getByText('Added to cart').waitFor();
    await page.goto(`${baseUrl()}/products/${await productId('Gooseneck Kettle')}`);
    await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
    await page.getByRole('link', { name: /^Cart, 3 items$/ }).waitFor();

    await signInThroughUi(page, customer.email, customer.password);
    const notice = page.getByRole('status').filter({ hasText: 'from before you signed in' });
    await notice
      .getByText('We added the 2 items from before you signed in to your cart, with these changes:')
      .waitFor();
    await notice
      .getByText(
        `Burr Grinder: 1 of the 2 you had added, since only ${stock} are in stock; your cart now holds ${stock}.`,
      )
      .waitFor();
    await screenshot(page, 'cart-merge-notice');
    expect(await page.evaluate((key) => localStorage.getItem(key), CART_TOKEN_KEY)).toBeNull();

    await notice.getByRole('link', { name: 'Review your cart' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your cart' }).waitFor();
    expect(await page.getByLabel('Quantity of Burr Grinder', { exact: true }).inputValue()).toBe(String(stock));
    await page.getByRole('listitem', { name: 'Gooseneck Kettle' }).waitFor();
    await page.getByRole('link', { name: `Cart, ${stock + 1} items` }).waitFor();
    expect(await notice.count()).toBe(0);
    const cart = await customer.api.cart.get.query();
    expect(cart.items.map((line) => [line.name, line.quantity])).toEqual([
      ['Burr Grinder', stock],
      ['Gooseneck Kettle', 1],
    ]);
    await page.close();
  });
});
