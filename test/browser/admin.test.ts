/**
 * The admin pages in real Chromium against the real stack: orders accepted,
 * delivered, paid, refunded and cancelled through their maps, stock kept per
 * variant, and a product's variants edited.
 */
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../client/src/money.ts';
import {
  admin,
  adminApi,
  adminSession,
  api,
  apiCustomer,
  baseUrl,
  browserPerFile,
  categoryId,
  checkoutViaApi,
  HOME_ADDRESS,
  orderRow,
  paymentSection,
  productCard,
  screenshot,
  shipToSection,
  signInThroughUi,
  signInWithSession,
  signOutThroughUi,
  statusBadges,
  timelineStatuses,
  variantId,
} from './helpers.ts';

const newPage = browserPerFile();

describe('admin', () => {
  it('accepts a cash-on-delivery order unpaid, ships and delivers it, records the cash, and the customer sees it completed', async () => {
    const customer = await apiCustomer('Grace Customer');
    await customer.api.cart.add.mutate({ variantId: await variantId('Pour-Over Dripper'), quantity: 1 });
    await customer.api.cart.add.mutate({ variantId: await variantId('Cast Iron Skillet'), quantity: 1 });
    await customer.api.cart.add.mutate({
      variantId: await variantId('Merino Tee', { Size: 'M', Colour: 'Black' }),
      quantity: 1,
    });
    const order = await checkoutViaApi(customer.api, {
      shipTo: { address: HOME_ADDRESS },
      paymentMethod: 'cash_on_delivery',
    });

    const page = await newPage();
    await signInThroughUi(page, admin().email, admin().password);
    await page.getByRole('link', { name: 'Manage orders' }).click();
    const pending = page.getByRole('region', { name: /^Pending/ });
    await orderRow(pending, order.id).waitFor();
    // A pending order is accepted by hand or cancelled; payments, deliveries and the clock move the rest.
    expect(await orderRow(pending, order.id).getByRole('button').allTextContents()).toEqual([
      'Accept unpaid',
      'Cancel',
    ]);
    await screenshot(page, 'admin-orders');

    await orderRow(pending, order.id)
      .getByRole('link', { name: `Order #${order.id}` })
      .click();
    await page.getByRole('heading', { level: 1, name: `Order #${order.id}` }).waitFor();
    // Whoever picks the order sees each line's options and SKU, and whoever packs it where it goes.
    const merino = page.getByRole('row').filter({ hasText: 'Merino Tee' });
    await merino.getByText('Size: M · Colour: Black').waitFor();
    await merino.getByText('MERINO-TEE-BLACK-M', { exact: true }).waitFor();
    await shipToSection(page).getByText('12 Byron Road', { exact: true }).waitFor();
    expect(await page.getByTestId('order-total').textContent()).toBe(formatMoney(order.totalCents, 'USD'));
    await paymentSection(page).getByText('Cash on delivery', { exact: false }).waitFor();

    await page.getByLabel('Note for the history (optional)').fill('Cash on delivery agreed by phone');
    await page.getByRole('button', { name: `Accept order #${order.id} unpaid` }).click();
    await expect.poll(() => timelineStatuses(page)).toEqual(['Pending', 'Confirmed']);
    const ship = page.getByRole('form', { name: 'Ship', exact: true });
    await ship.getByLabel('Carrier').fill('Courier');
    await ship.getByLabel('Tracking number').fill(`COD-${order.id}`);
    await ship.getByRole('button', { name: 'Ship', exact: true }).click();
    await page.getByRole('button', { name: `Mark delivered: COD-${order.id}` }).click();
    await page.getByText('Not paid yet: once delivered, it completes when its payment is recorded.').waitFor({
      state: 'detached',
    });
    await statusBadges(page).getByText('Delivered', { exact: true }).waitFor();
    // Delivered but unpaid: the order waits for the cash, whose amount starts at the total.
    expect(await page.getByLabel('Amount received ($)').inputValue()).toBe((order.totalCents / 100).toFixed(2));
    await page.getByLabel('Payment reference').fill('Cash to courier');
    await page.getByRole('button', { name: 'Record payment', exact: true }).click();
    await expect.poll(() => timelineStatuses(page)).toEqual(['Pending', 'Confirmed', 'Completed']);
    await statusBadges(page).getByText('Paid', { exact: true }).waitFor();
    // Completed: nothing is left to record; money received can still be refunded.
    expect(await page.getByRole('form', { name: 'Record a payment' }).count()).toBe(0);
    await page.getByRole('form', { name: 'Refund' }).waitFor();
    await page.getByRole('list', { name: 'Payment timeline' }).getByText('Paid', { exact: true }).waitFor();
    await screenshot(page, 'admin-order');

    await signOutThroughUi(page);
    await signInWithSession(page, customer);
    await page.getByRole('link', { name: 'My orders', exact: true }).click();
    await orderRow(page, order.id).getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: `Order #${order.id}` }).waitFor();
    expect(await timelineStatuses(page)).toEqual(['Pending', 'Confirmed', 'Completed']);
    await page.getByText('Cash on delivery agreed by phone').waitFor();
    await paymentSection(page).getByText('Cash to courier').waitFor();
    await page.getByRole('row').filter({ hasText: 'Merino Tee' }).getByText('Size: M · Colour: Black').waitFor();
    expect(await page.getByRole('button', { name: /Cancel order/ }).count()).toBe(0);
    await screenshot(page, 'order-timeline');
    await page.close();
  });

  it('refunds part of a paid order, refuses more than is left, and marks the refund a cancellation wrote as sent', async () => {
    const customer = await apiCustomer();
    await customer.api.cart.add.mutate({ variantId: await variantId('Chef Knife'), quantity: 1 });
    const order = await checkoutViaApi(customer.api, { shipTo: { address: HOME_ADDRESS } });
    const staff = await adminApi();
    await staff.payments.record.mutate({ orderId: order.id, amountCents: order.totalCents, reference: 'BANK-1' });
    const money = (cents: number) => formatMoney(cents, 'USD');

    const page = await newPage();
    await signInWithSession(page, await adminSession());
    await page.goto(`${baseUrl()}/admin/orders/${order.id}`);
    await page.getByRole('heading', { level: 1, name: `Order #${order.id}` }).waitFor();
    const refund = page.getByRole('form', { name: 'Refund' });
    await refund.getByLabel('Amount refunded ($)').fill(((order.totalCents + 100) / 100).toFixed(2));
    await refund.getByLabel('Reason').fill('Too much');
    await refund.getByRole('button', { name: 'Record refund' }).click();
    await refund
      .getByRole('alert')
      .filter({ hasText: `at most ${money(order.totalCents)} is left to refund` })
      .waitFor();

    await refund.getByLabel('Amount refunded ($)').fill('5');
    await refund.getByLabel('Reason').fill('Scratched handle');
    await refund.getByRole('button', { name: 'Record refund' }).click();
    await paymentSection(page).getByText('Scratched handle').waitFor();
    await statusBadges(page).getByText('Partly refunded', { exact: true }).waitFor();

    // Cancelling a paid order asks first, then writes the rest as a refund to send.
    await page.getByRole('button', { name: `Cancel order #${order.id}` }).click();
    await page.getByRole('button', { name: `Yes, cancel order #${order.id}` }).click();
    const toSend = page.getByRole('form', { name: `Refund of ${money(order.totalCents - 500)} to send` });
    await toSend.getByLabel('Refund reference').fill('BANK-REFUND-7');
    await screenshot(page, 'admin-order-refund');
    await toSend.getByRole('button', { name: 'Mark refund sent' }).click();
    await statusBadges(page).getByText('Refunded', { exact: true }).waitFor();
    expect(await timelineStatuses(page)).toEqual(['Pending', 'Confirmed', 'Cancelled']);
    const detail = await staff.orders.get.query({ id: order.id });
    expect(detail.payment).toMatchObject({
      status: 'refunded',
      refundedCents: order.totalCents,
      refundPendingCents: 0,
    });
    await page.close();
  });

  it('restocks a variant, reads its ledger, runs the reconcile check and opens the reports', async () => {
    const page = await newPage();
    await signInWithSession(page, await adminSession());

    await page.getByRole('link', { name: 'Inventory' }).click();
    // Stock is per variant: the inventory lists each size with its SKU.
    const hoodies = page
      .getByRole('rowgroup')
      .filter({ has: page.getByRole('link', { name: 'Variants of Zip Hoodie' }) });
    await hoodies.getByRole('cell', { name: 'ZIP-HOODIE-XL', exact: true }).waitFor();
    await hoodies.getByRole('link', { name: 'Manage stock of Zip Hoodie (Size: XL)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Zip Hoodie (Size: XL)' }).waitFor();
    const before = Number(await page.getByTestId('stock-count').textContent());
    await page.getByLabel('Quantity received').fill('10');
    await page.getByLabel('Note').fill('Browser test delivery');
    await page.getByRole('button', { name: 'Restock', exact: true }).click();
    const outcome = page.getByText('Restocked.', { exact: true }).or(page.getByRole('alert')).first();
    await outcome.waitFor();
    expect(await outcome.textContent()).toBe('Restocked.');
    await expect.poll(async () => Number(await page.getByTestId('stock-count').textContent())).toBe(before + 10);
    await page.getByRole('cell', { name: 'Browser test delivery' }).waitFor();
    await screenshot(page, 'admin-product-stock');

    await page.getByRole('link', { name: 'All inventory' }).click();
    await page.getByRole('button', { name: 'Run reconcile check' }).click();
    await page.getByText('Every stock matches its ledger.').waitFor();
    await screenshot(page, 'admin-inventory');

    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('img', { name: /^Revenue per day/ }).waitFor();
    await page.getByRole('region', { name: 'Low stock' }).getByRole('link').first().waitFor();
    await screenshot(page, 'admin-reports');
    await page.close();
  });

  it('adds a variant, changes a price, archives a variant, and says why a repeated SKU or options are refused', async () => {
    const staff = await adminApi();
    const suffix = crypto.randomUUID().slice(0, 8).toUpperCase();
    const name = `Test Tee ${suffix}`;
    const created = await staff.catalog.createProduct.mutate({
      categoryId: await categoryId('apparel-tops-tees'),
      name,
      options: [{ name: 'Size', values: ['S', 'M'] }],
      variants: [
        { sku: `TT-${suffix}-S`, options: { Size: 'S' }, priceCents: 2000, stock: 5 },
        { sku: `TT-${suffix}-M`, options: { Size: 'M' }, priceCents: 2000, stock: 5 },
      ],
    });

    const page = await newPage();
    await signInWithSession(page, await adminSession());
    await page.goto(`${baseUrl()}/admin/products/${created.id}`);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    const form = page.getByRole('form', { name: 'Add a variant' });
    const addButton = form.getByRole('button', { name: 'Add variant' });

    // Checked before sending: a price is needed.
    const requests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/trpc/catalog.addVariant')) requests.push(request.url());
    });
    await form.getByLabel('Size').fill('L');
    await addButton.click();
    await form.getByText('Enter a price, e.g. 19.99').waitFor();
    expect(requests).toEqual([]);

    await form.getByLabel('SKU (optional)').fill(`TT-${suffix}-L`);
    await form.getByLabel('Price ($)').fill('24.50');
    await form.getByLabel('Stock').fill('7');
    await addButton.click();
    await form.getByText(`Added ${name} (Size: L).`).waitFor();
    const variants = page.getByRole('region', { name: 'Variants' });
    await variants.getByRole('cell', { name: `TT-${suffix}-L`, exact: true }).waitFor();

    await form.getByLabel('Size').fill('XL');
    await form.getByLabel('SKU (optional)').fill(`TT-${suffix}-L`);
    await form.getByLabel('Price ($)').fill('25');
    await addButton.click();
    await form
      .getByRole('alert')
      .filter({ hasText: `Variant not added: SKU "TT-${suffix}-L" is taken` })
      .waitFor();

    await form.getByLabel('Size').fill('M');
    await form.getByLabel('SKU (optional)').fill('');
    await addButton.click();
    await form.getByRole('alert').filter({ hasText: 'Variant not added: Two variants of one product' }).waitFor();

    // Options that are not the product's (as a stale form would send) are refused as INVALID_OPTIONS.
    await page.route('**/trpc/catalog.addVariant**', (route) =>
      route.continue({ postData: (route.request().postData() ?? '').replace('"Size"', '"Colour"') }),
    );
    await form.getByLabel('Size').fill('XS');
    await addButton.click();
    await form
      .getByRole('alert')
      .filter({ hasText: /Variant not added: .*one value for each of its options: Size/ })
      .waitFor();
    await page.unroute('**/trpc/catalog.addVariant**');
    await screenshot(page, 'admin-product-variants');

    await variants.getByLabel(`Price of ${name} (Size: S)`, { exact: true }).fill('18');
    await variants.getByRole('button', { name: `Save price of ${name} (Size: S)` }).click();
    await variants.getByText('Saved').waitFor();
    await variants.getByRole('button', { name: `Archive ${name} (Size: M)` }).click();
    await variants.getByRole('button', { name: `Unarchive ${name} (Size: M)` }).waitFor();

    // The shop sells what is left: S at the new price, L, and no M.
    const shown = await api().catalog.product.query({ id: created.id });
    expect(shown.variants.map((variant) => [variant.options.Size, variant.priceCents, variant.stock])).toEqual([
      ['S', 1800, 5],
      ['L', 2450, 7],
    ]);
    await page.goto(`${baseUrl()}/?q=${encodeURIComponent(name)}`);
    await productCard(page, name).getByText('from $18.00', { exact: true }).waitFor();
    await page.close();
  });
});
