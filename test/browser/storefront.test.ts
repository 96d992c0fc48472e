/**
 * The storefront in real Chromium against the real stack (wrangler dev + the
 * local libSQL server), as a customer. Each test makes its own customer (who
 * starts with no saved address, so checkout types one); only seeded variants
 * with plenty of stock are bought, except where a test changes stock itself.
 * Option pickers have their own file (variants.test.ts), guests and the
 * address book theirs (guest-checkout.test.ts, addresses.test.ts), the admin
 * pages theirs (admin.test.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  admin,
  api,
  apiCustomer,
  baseUrl,
  browserPerFile,
  checkoutTotal,
  fillAddress,
  goToCheckout,
  HOME_ADDRESS,
  orderItemsTable,
  orderRow,
  PASSWORD,
  productCard,
  productId,
  screenshot,
  shipToSection,
  signInThroughUi,
  timelineStatuses,
  uniqueEmail,
  variantId,
} from './helpers.ts';

const newPage = browserPerFile();

describe('customer', () => {
  it('signs up, browses a category, adds a size of one product and another product, checks out and sees the order', async () => {
    const page = await newPage();
    await screenshot(page, 'home');

    await page.getByRole('link', { name: 'Sign up', exact: true }).click();
    await page.getByLabel('Name').fill('Ada Shopper');
    await page.getByLabel('Email').fill(uniqueEmail('ada'));
    await page.getByLabel('Password').fill(PASSWORD);
    await screenshot(page, 'sign-up');
    await page.getByRole('button', { name: 'Sign up', exact: true }).click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();

    await page.getByRole('navigation', { name: 'Categories' }).getByRole('link', { name: 'T-shirts' }).click();
    await page.getByRole('heading', { level: 1, name: 'T-shirts' }).waitFor();
    await productCard(page, 'Classic Cotton Tee').waitFor();
    await screenshot(page, 'category');

    // A product sold in sizes is chosen on its page; a product without options is added from its card.
    const tee = productCard(page, 'Classic Cotton Tee');
    expect(await tee.getByRole('button', { name: 'Add to cart' }).count()).toBe(0);
    await tee.getByRole('link', { name: 'Choose options', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Classic Cotton Tee' }).waitFor();
    await page.getByRole('group', { name: 'Size' }).getByRole('radio', { name: 'M', exact: true }).check();
    await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
    await page.getByText('Added to cart').waitFor();
    await page.getByRole('link', { name: 'Back to category' }).click();

    const breton = productCard(page, 'Striped Breton Tee');
    await breton.getByRole('button', { name: 'Add to cart', exact: true }).click();
    await breton.getByText('Added to cart').waitFor();

    await page.getByRole('link', { name: /^Cart, 2 items$/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Your cart' }).waitFor();
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe('$48.00');
    await page
      .getByRole('listitem', { name: 'Classic Cotton Tee (Size: M)' })
      .getByText('Size: M', { exact: true })
      .waitFor();

    await page.getByLabel('Quantity of Classic Cotton Tee (Size: M)', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Update quantity of Classic Cotton Tee (Size: M)' }).click();
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe('$67.00');
    await screenshot(page, 'cart');

    // A new customer has no saved address: checkout asks for one, and may keep it.
    await goToCheckout(page);
    expect(await page.getByRole('radio', { name: 'A new address' }).count()).toBe(0);
    await fillAddress(page, HOME_ADDRESS);
    await page.getByLabel('Save to my address book').check();
    await screenshot(page, 'checkout-new-customer');
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    await page.getByText('Thank you! Your order is placed.').waitFor();
    const heading = await page.getByRole('heading', { level: 1, name: /^Order #\d+$/ }).textContent();
    const orderId = Number(heading?.replace('Order #', ''));
    expect(await timelineStatuses(page)).toEqual(['Pending']);
    await page.getByRole('row').filter({ hasText: 'Classic Cotton Tee' }).getByText('Size: M').waitFor();
    expect(await orderItemsTable(page).textContent()).toContain('Striped Breton Tee');
    await shipToSection(page).getByText('10115 Berlin', { exact: true }).waitFor();
    await screenshot(page, 'order-placed');

    await page.getByRole('link', { name: 'Addresses', exact: true }).click();
    const saved = page.getByRole('listitem', { name: /^Ada Lovelace, 12 Byron Road/ });
    await saved.getByText('Default', { exact: true }).waitFor();

    await page.getByRole('link', { name: 'My orders', exact: true }).click();
    await orderRow(page, orderId).waitFor();
    await orderRow(page, orderId).getByText('Status timeline').click();
    await orderRow(page, orderId).getByRole('list', { name: 'Status timeline' }).waitFor();
    expect(
      await orderRow(page, orderId)
        .getByRole('button', { name: `Cancel order #${orderId}` })
        .count(),
    ).toBe(1);
    await expect.poll(() => page.getByRole('link', { name: /^Cart, 0 items$/ }).count()).toBe(1);
    await screenshot(page, 'my-orders');
    await page.close();
  });

  it('checks sign-up fields with the server schema before sending, and says why sign-in failed', async () => {
    const page = await newPage();
    const requests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/trpc/auth.')) requests.push(request.url());
    });
    await page.goto(`${baseUrl()}/signup`);
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Sign up', exact: true }).click();
    await page.getByText('Name is required').waitFor();
    await page.getByText('Password must be at least 8 characters').waitFor();
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    expect(requests).toEqual([]);
    await screenshot(page, 'sign-up-invalid');

    await page.goto(`${baseUrl()}/signin`);
    await page.getByLabel('Email').fill(uniqueEmail('nobody'));
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Email or password is incorrect' }).waitFor();
    await page.close();
  });

  it('can be used from the keyboard: sign in, pick a size, add to cart and check out without a mouse', async () => {
    const customer = await apiCustomer();
    const page = await newPage();
    await page.goto(`${baseUrl()}/signin`);
    const tabTo = async (name: string) => {
      for (let presses = 0; presses < 60; presses += 1) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const element = document.activeElement as HTMLInputElement | null;
          return element?.getAttribute('aria-label') ?? element?.labels?.[0]?.textContent ?? element?.textContent ?? '';
        });
        if (focused.trim() === name) return;
      }
      throw new Error(`Tab never reached ${name}`);
    };
    await tabTo('Email');
    await page.keyboard.type(customer.email);
    await tabTo('Password');
    await page.keyboard.type(customer.password);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();

    // The size picker is a radio group: Tab enters it, the arrow keys pick.
    await page.goto(`${baseUrl()}/products/${await productId('Classic Cotton Tee')}`);
    await page.getByRole('heading', { level: 1, name: 'Classic Cotton Tee' }).waitFor();
    await tabTo('S');
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: 'M', exact: true }).isChecked()).toBe(true);
    await tabTo('Add to cart');
    await page.keyboard.press('Enter');
    await page.getByText('Added to cart').waitFor();
    await screenshot(page, 'product');

    await page.goto(`${baseUrl()}/cart`);
    await page.getByRole('heading', { level: 1, name: 'Your cart' }).waitFor();
    await tabTo('Checkout');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
    await tabTo('Full name');
    await page.keyboard.type(HOME_ADDRESS.name);
    await tabTo('Address line 1');
    await page.keyboard.type(HOME_ADDRESS.line1);
    await tabTo('City');
    await page.keyboard.type(HOME_ADDRESS.city);
    await tabTo('Postal code');
    await page.keyboard.type(HOME_ADDRESS.postalCode);
    // A closed select picks the option whose name is typed.
    await tabTo('Country');
    await page.keyboard.type('Germany');
    // Shipping to Germany is priced before the order can be placed; the cheapest method is chosen.
    await checkoutTotal(page);
    await tabTo('Place order');
    await page.keyboard.press('Enter');
    await page.getByText('Thank you! Your order is placed.').waitFor();
    const [order] = (await customer.api.orders.mine.query({})).items;
    expect((await customer.api.orders.get.query({ id: order?.id ?? 0 })).shipTo).toMatchObject({
      name: HOME_ADDRESS.name,
      postalCode: HOME_ADDRESS.postalCode,
      country: 'DE',
    });
    await page.close();
  });

  it('cannot add a sold-out product to the cart', async () => {
    const customer = await apiCustomer();
    const page = await newPage();
    await signInThroughUi(page, customer.email, customer.password);

    await page.getByRole('searchbox', { name: 'Search products' }).fill('Tech Fleece');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const card = productCard(page, 'Tech Fleece Hoodie');
    await card.getByText('Sold out', { exact: true }).first().waitFor();
    expect(await card.getByRole('button', { name: 'Add to cart', exact: true }).isDisabled()).toBe(true);
    await screenshot(page, 'search-sold-out');

    await card.getByRole('link', { name: 'Tech Fleece Hoodie' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tech Fleece Hoodie' }).waitFor();
    expect(await page.getByRole('button', { name: 'Add to cart', exact: true }).isDisabled()).toBe(true);
    await screenshot(page, 'product-sold-out');

    expect((await customer.api.cart.get.query()).items).toEqual([]);
    await page.close();
  });

  it('makes one order from a double-clicked checkout', async () => {
    const customer = await apiCustomer();
    await customer.api.cart.add.mutate({ variantId: await variantId('Wireless Earbuds'), quantity: 1 });
    const page = await newPage();
    await signInThroughUi(page, customer.email, customer.password);

    const bodies: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/trpc/checkout.place')) bodies.push(request.postData() ?? '');
    });
    await page.goto(`${baseUrl()}/cart`);
    await goToCheckout(page);
    await fillAddress(page, HOME_ADDRESS);
    await page.getByRole('button', { name: 'Place order', exact: true }).dblclick();
    await page.getByText('Thank you! Your order is placed.').waitFor();

    const { items } = await customer.api.orders.mine.query({});
    expect(items).toHaveLength(1);
    // However many requests the clicks made, they were one attempt.
    expect(new Set(bodies).size).toBe(1);
    await page.close();
  });

  it('retries a checkout whose answer was lost with the same key, making one order', async () => {
    const customer = await apiCustomer();
    await customer.api.cart.add.mutate({ variantId: await variantId('USB-C Hub'), quantity: 2 });
    const page = await newPage();
    await signInThroughUi(page, customer.email, customer.password);

    // The first attempt reaches the server and places the order, but its answer never arrives.
    const bodies: string[] = [];
    await page.route('**/trpc/checkout.place**', async (route) => {
      bodies.push(route.request().postData() ?? '');
      if (bodies.length > 1) return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.goto(`${baseUrl()}/cart`);
    await goToCheckout(page);
    await fillAddress(page, HOME_ADDRESS);
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'We could not confirm your order' }).waitFor();
    await screenshot(page, 'checkout-no-answer');

    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    await page.getByText('Thank you! Your order is placed.').waitFor();
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toBe(bodies[0]);
    expect(bodies[0]).toMatch(/"idempotencyKey":"[0-9a-f-]{36}"/);
    expect((await customer.api.orders.mine.query({})).items).toHaveLength(1);
    await page.close();
  });

  it('marks the short line when stock runs out before checkout, and places no order', async () => {
    const customer = await apiCustomer();
    const speaker = await variantId('Smart Speaker');
    await customer.api.cart.add.mutate({ variantId: await variantId('Numeric Keypad'), quantity: 1 });
    await customer.api.cart.add.mutate({ variantId: speaker, quantity: 1 });
    const page = await newPage();
    await signInThroughUi(page, customer.email, customer.password);
    await page.goto(`${baseUrl()}/cart`);
    await page.getByRole('heading', { level: 1, name: 'Your cart' }).waitFor();
    await goToCheckout(page);
    await fillAddress(page, HOME_ADDRESS);

    const staff = await api().auth.signIn.mutate(admin());
    await api(staff.token).inventory.adjust.mutate({
      variantId: speaker,
      delta: -1,
      reason: 'Browser test: sold in store',
    });

    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Some items no longer have enough stock' }).waitFor();
    await page
      .getByText(/not enough stock/i)
      .first()
      .waitFor();
    const speakerLine = page.getByRole('listitem', { name: 'Smart Speaker' });
    const keypadLine = page.getByRole('listitem', { name: 'Numeric Keypad' });
    await speakerLine.getByText(/Not enough stock for this quantity/).waitFor();
    expect(await keypadLine.getByText(/Not enough stock/).count()).toBe(0);
    await screenshot(page, 'cart-short-stock');
    expect((await customer.api.orders.mine.query({})).items).toHaveLength(0);
    await page.close();
  });

  it('is usable on a phone-width screen', async () => {
    const customer = await apiCustomer();
    await customer.api.cart.add.mutate({ variantId: await variantId('Slip-On'), quantity: 1 });
    await customer.api.cart.add.mutate({
      variantId: await variantId('Merino Tee', { Size: 'M', Colour: 'Black' }),
      quantity: 1,
    });
    const page = await newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await signInThroughUi(page, customer.email, customer.password);
    await page.goto(`${baseUrl()}/`);
    await productCard(page, 'Classic Cotton Tee').waitFor();
    const overflows = () => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(await overflows()).toBe(false);
    await screenshot(page, 'phone-catalog');
    await page.goto(`${baseUrl()}/products/${await productId('Merino Tee')}`);
    await page.getByRole('group', { name: 'Colour' }).waitFor();
    expect(await overflows()).toBe(false);
    await screenshot(page, 'phone-product');
    await page.goto(`${baseUrl()}/cart`);
    await page.getByRole('link', { name: 'Checkout', exact: true }).waitFor();
    expect(await overflows()).toBe(false);
    await screenshot(page, 'phone-cart');
    await goToCheckout(page);
    expect(await overflows()).toBe(false);
    await screenshot(page, 'phone-checkout');
    await page.close();
  });
});
