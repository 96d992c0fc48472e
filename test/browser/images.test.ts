/**
 * Product pictures and search filters in real Chromium against the real
 * stack: the seeded pictures (put into the stack's local R2 before wrangler
 * dev starts) on the cards and in the product page's gallery, an admin
 * uploading, reordering and deleting pictures on the product's admin page,
 * and the catalog's in-stock filter.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../scripts/seed-images.ts';
import {
  admin,
  api,
  baseUrl,
  browserPerFile,
  categoryId,
  productCard,
  screenshot,
  signInThroughUi,
} from './helpers.ts';

const newPage = browserPerFile();

/** True once the image has loaded and decoded to real pixels (a broken or refused one has none). */
const loaded = (image: Locator) =>
  image.evaluate((element) => (element as HTMLImageElement).complete && (element as HTMLImageElement).naturalWidth > 0);

/** A flat 48×48 PNG of one colour, as a file to pick. */
const pngFile = (name: string, rgb: [number, number, number]) => ({
  name,
  mimeType: 'image/png',
  buffer: Buffer.from(encodePng(48, 48, () => rgb)),
});

async function search(page: Page, text: string) {
  await page.getByRole('searchbox', { name: 'Search products' }).fill(text);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: `Results for “${text}”` }).waitFor();
}

describe('product pictures', () => {
  it('shows each card’s first picture and the product page’s gallery, with alt text, lazily loaded', async () => {
    const page = await newPage();
    await search(page, 'merino');
    const thumb = productCard(page, 'Merino Tee').getByRole('img', { name: 'Merino Tee' });
    expect(await thumb.getAttribute('loading')).toBe('lazy');
    await expect.poll(() => loaded(thumb)).toBe(true);

    await productCard(page, 'Merino Tee').getByRole('link', { name: 'Merino Tee' }).click();
    const main = page.getByRole('img', { name: 'Merino Tee, picture 1 of 3' });
    await expect.poll(() => loaded(main)).toBe(true);
    const firstSrc = await main.getAttribute('src');
    await page.getByRole('button', { name: 'Show picture 2 of 3' }).click();
    const second = page.getByRole('img', { name: 'Merino Tee, picture 2 of 3' });
    await expect.poll(() => loaded(second)).toBe(true);
    expect(await second.getAttribute('src')).not.toBe(firstSrc);
    expect(await page.getByRole('button', { name: 'Show picture 2 of 3' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'product-gallery');

    const served = await fetch(`${baseUrl()}${firstSrc}`);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('cache-control')).toContain('immutable');
  });

  it('lets an admin upload pictures, put the second first, delete one, and refuse a file that is no picture', async () => {
    const staff = api((await api().auth.signIn.mutate(admin())).token);
    const product = await staff.catalog.createProduct.mutate({
      categoryId: await categoryId('home-kitchen'),
      name: `Picture Jug ${Date.now().toString(36)}`,
      priceCents: 1500,
      stock: 4,
    });
    const page = await newPage();
    await signInThroughUi(page, admin().email, admin().password);
    await page.goto(`${baseUrl()}/admin/products/${product.id}`);
    const section = page.getByRole('region', { name: 'Pictures' });
    await section.getByText('No pictures yet').waitFor();

    await section
      .getByLabel('Add pictures')
      .setInputFiles([pngFile('red.png', [200, 40, 40]), pngFile('blue.png', [40, 40, 200])]);
    const pictures = section.getByRole('listitem');
    await expect.poll(() => pictures.count()).toBe(2);
    const idsNow = async () => (await api().catalog.product.query({ id: product.id })).images.map((image) => image.id);
    const [red, blue] = await idsNow();

    await section.getByRole('button', { name: 'Move picture 2 earlier' }).click();
    await expect.poll(idsNow).toEqual([blue, red]);
    await expect.poll(() => loaded(section.getByRole('img', { name: `${product.name}, picture 1` }))).toBe(true);
    await screenshot(page, 'admin-pictures');

    await section.getByLabel('Add pictures').setInputFiles({
      name: 'notes.png',
      mimeType: 'image/png',
      buffer: Buffer.from('just some text, named like a picture'),
    });
    await section.getByRole('alert').getByText('notes.png: The file is not a JPEG, PNG or WebP image').waitFor();
    expect(await idsNow()).toEqual([blue, red]);

    await section.getByRole('button', { name: 'Delete picture 2' }).click();
    await expect.poll(idsNow).toEqual([blue]);
    await expect.poll(() => pictures.count()).toBe(1);

    await page.goto(`${baseUrl()}/products/${product.id}`);
    await expect.poll(() => loaded(page.getByRole('img', { name: product.name }))).toBe(true);
  });
});

describe('catalog filters', () => {
  it('keeps a search to products in stock, and says so in the URL', async () => {
    const page = await newPage();
    await search(page, 'hoodie');
    await productCard(page, 'Tech Fleece Hoodie').waitFor();
    await page.getByRole('checkbox', { name: 'In stock only' }).check();
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('stock')).toBe('1');
    await productCard(page, 'Zip Hoodie').waitFor();
    expect(await productCard(page, 'Tech Fleece Hoodie').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('q')).toBe('hoodie');
  });
});
