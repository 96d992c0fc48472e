/**
 * Products sold in options, in real Chromium against the real stack: a size
 * picked on the product page is what lands in the cart and on the order, and a
 * combination that is sold out cannot be picked. Seeded stock: Canvas Low-Top
 * 12-15 per size, Merino Tee 3 per size and colour (6 in M), none in White L.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  apiCustomer,
  baseUrl,
  browserPerFile,
  fillAddress,
  goToCheckout,
  HOME_ADDRESS,
  orderRow,
  productCard,
  productId,
  screenshot,
  signInThroughUi,
  variantId,
} from './helpers.ts';

const newPage = browserPerFile();

const option = (page: Page, group: string, name: string) =>
  page.getByRole('group', { name: group }).getByRole('radio', { name, exact: true });

describe('product options', () => {
  it('picks a size, adds it, checks out, and sees the size on the order', async () => {
    const customer = await apiCustomer();
    const size42 = await variantId('Canvas Low-Top', { Size: '42' });
    const page = await newPage();
    await signInThroughUi(page, customer.email, customer.password);

    await page.getByRole('searchbox', { name: 'Search products' }).fill('Canvas Low-Top');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await productCard(page, 'Canvas Low-Top').getByRole('link', { name: 'Choose options' }).click();
    await page.getByRole('heading', { level: 1, name: 'Canvas Low-Top' }).waitFor();
    const addToCart = page.getByRole('button', { name: 'Add to cart', exact: true });
    expect(await addToCart.isDisabled()).toBe(true);
    await page.getByText('Choose size to add it to your cart.').waitFor();

    await option(page, 'Size', '42').check();
    expect(await page.getByTestId('product-price').textContent()).toBe('$55.00');
    await page.getByText('In stock', { exact: true }).waitFor();
    // The choice is in the URL, so a reload or a shared link keeps it.
    expect(new URL(page.url()).searchParams.get('variant')).toBe(String(size42));
    await addToCart.click();
    await page.getByText('Added to cart').waitFor();

    await page.getByRole('link', { name: /^Cart, 1 item$/ }).click();
    const line = page.getByRole('listitem', { name: 'Canvas Low-Top (Size: 42)' });
    await line.getByText('Size: 42', { exact: true }).waitFor();
    await goToCheckout(page);
    await fillAddress(page, HOME_ADDRESS);
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    await page.getByText('Thank you! Your order is placed.').waitFor();
    await page.getByRole('row').filter({ hasText: 'Canvas Low-Top' }).getByText('Size: 42').waitFor();

    const [order] = (await customer.api.orders.mine.query({})).items;
    expect((await customer.api.orders.get.query({ id: order?.id ?? 0 })).items).toMatchObject([
      { variantId: size42, name: 'Canvas Low-Top', sku: 'CANVAS-LOW-TOP-42', options: { Size: '42' }, quantity: 1 },
    ]);
    await page.getByRole('link', { name: 'My orders', exact: true }).click();
    const row = orderRow(page, order?.id ?? 0);
    await row.getByText('Items', { exact: true }).click();
    await row
      .getByRole('list', { name: /^Items in order/ })
      .getByText('Canvas Low-Top · Size: 42 × 1')
      .waitFor();
    await screenshot(page, 'my-orders-items');
    await page.close();
  });

  it('disables a sold-out combination: Merino Tee in White L', async () => {
    const page = await newPage();
    await page.goto(`${baseUrl()}/products/${await productId('Merino Tee')}`);
    await page.getByRole('heading', { level: 1, name: 'Merino Tee' }).waitFor();
    expect(await page.getByRole('button', { name: 'Add to cart', exact: true }).isDisabled()).toBe(true);

    await option(page, 'Colour', 'White').check();
    expect(await option(page, 'Size', 'L, sold out').isDisabled()).toBe(true);
    expect(await option(page, 'Size', 'M').isDisabled()).toBe(false);
    await screenshot(page, 'product-sold-out-combination');

    // In Black, L is there (3 left); picked, it leaves White the one that cannot be had.
    await option(page, 'Colour', 'Black').check();
    await option(page, 'Size', 'L').check();
    expect(await option(page, 'Colour', 'White, sold out').isDisabled()).toBe(true);
    await page.getByText('Low stock: 3 left', { exact: true }).waitFor();
    expect(await page.getByTestId('product-price').textContent()).toBe('$59.00');
    expect(await page.getByRole('button', { name: 'Add to cart', exact: true }).isDisabled()).toBe(false);
    await screenshot(page, 'product-options');
    await page.close();
  });
});
