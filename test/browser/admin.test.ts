/**
 * The admin pages in real Chromium against the real stack: orders moved along
 * their status map, stock kept per variant, and a product's variants edited.
 */
import { describe, expect, it } from 'vitest';
import {
  admin,
  api,
  apiCustomer,
  baseUrl,
  browserPerFile,
  categoryId,
  HOME_ADDRESS,
  orderRow,
  productCard,
  screenshot,
  shipToSection,
  signInThroughUi,
  signOutThroughUi,
  timelineStatuses,
  variantId,
} from './helpers.ts';

const newPage = browserPerFile();

describe('admin', () => {
  it('moves an order pending → processing → shipped → delivered and the customer sees the timeline', async () => {
    const customer = await apiCustomer('Grace Customer');
    await customer.api.cart.add.mutate({ variantId: await variantId('Pour-Over Dripper'), quantity: 1 });
    await customer.api.cart.add.mutate({ variantId: await variantId('Cast Iron Skillet'), quantity: 1 });
    await customer.api.cart.add.mutate({
      variantId: await variantId('Merino Tee', { Size: 'M', Colour: 'Black' }),
      quantity: 1,
    });
    const order = await customer.api.checkout.place.mutate({
      idempotencyKey: crypto.randomUUID(),
      shipTo: { address: HOME_ADDRESS },
    });

    const page = await newPage();
    await signInThroughUi(page, admin().email, admin().password);
    await page.getByRole('link', { name: 'Manage orders' }).click();
    const pending = page.getByRole('region', { name: /^Pending/ });
    await orderRow(pending, order.id).waitFor();
    // Only the moves the transition map allows from pending are offered.
    expect(await orderRow(pending, order.id).getByRole('button').allTextContents()).toEqual([
      'Start processing',
      'Cancel',
    ]);
    await screenshot(page, 'admin-orders');

    await page.getByRole('button', { name: `Start processing: order #${order.id}` }).click();
    const processing = page.getByRole('region', { name: /^Processing/ });
    await orderRow(processing, order.id).waitFor();
    await page.getByRole('button', { name: `Mark shipped: order #${order.id}` }).click();

    await page
      .getByRole('link', { name: `Order #${order.id}`, exact: true })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: `Order #${order.id}` }).waitFor();
    // Whoever picks the order sees each line's options and SKU.
    const merino = page.getByRole('row').filter({ hasText: 'Merino Tee' });
    await merino.getByText('Size: M · Colour: Black').waitFor();
    await merino.getByText('MERINO-TEE-BLACK-M', { exact: true }).waitFor();
    // Whoever packs it sees where it goes.
    await shipToSection(page).getByText('12 Byron Road', { exact: true }).waitFor();
    await page.getByLabel('Note (optional)').fill('Left with the neighbour');
    await page.getByRole('button', { name: `Mark delivered: order #${order.id}` }).click();
    await page.getByText('No further steps (Delivered)').waitFor();
    expect(await timelineStatuses(page)).toEqual(['Pending', 'Processing', 'Shipped', 'Delivered']);
    await screenshot(page, 'admin-order');

    await signOutThroughUi(page);
    await signInThroughUi(page, customer.email, customer.password);
    await page.getByRole('link', { name: 'My orders', exact: true }).click();
    await orderRow(page, order.id).getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: `Order #${order.id}` }).waitFor();
    expect(await timelineStatuses(page)).toEqual(['Pending', 'Processing', 'Shipped', 'Delivered']);
    await page.getByText('Left with the neighbour').waitFor();
    await page.getByRole('row').filter({ hasText: 'Merino Tee' }).getByText('Size: M · Colour: Black').waitFor();
    expect(await page.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
    await screenshot(page, 'order-timeline');
    await page.close();
  });

  it('restocks a variant, reads its ledger, runs the reconcile check and opens the reports', async () => {
    const page = await newPage();
    await signInThroughUi(page, admin().email, admin().password);

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
    const staff = api((await api().auth.signIn.mutate(admin())).token);
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
    await signInThroughUi(page, admin().email, admin().password);
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
    await form.getByText('Enter a price in dollars, e.g. 19.99').waitFor();
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
