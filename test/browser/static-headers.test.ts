/**
 * The storefront's own files (served by Workers Static Assets before the
 * Worker runs) carry the security headers from client/public/_headers, and
 * the app runs under that Content-Security-Policy without a single violation.
 */
import { describe, expect, it } from 'vitest';
import { admin, baseUrl, browserPerFile, signInThroughUi } from './helpers.ts';

const newPage = browserPerFile();

const EXPECTED = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

async function scriptUrl(): Promise<string> {
  const html = await (await fetch(`${baseUrl()}/`)).text();
  const src = /<script[^>]+src="([^"]+)"/.exec(html)?.[1];
  if (!src) throw new Error('index.html names no script');
  return `${baseUrl()}${src}`;
}

describe('static files', () => {
  it('carry a CSP without inline script, frame-ancestors none, nosniff and a referrer policy', async () => {
    for (const url of [`${baseUrl()}/`, `${baseUrl()}/cart`, `${baseUrl()}/products/1`, await scriptUrl()]) {
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, url).toMatch(/script-src 'self'(;|$)/);
      expect(csp, url).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(csp, url).toMatch(/frame-ancestors 'none'/);
      expect(Object.fromEntries(Object.keys(EXPECTED).map((name) => [name, response.headers.get(name)]))).toEqual(
        EXPECTED,
      );
    }
  });

  it('let hashed assets be cached for a year', async () => {
    const response = await fetch(await scriptUrl());
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('run the shop and the admin pages with no CSP violation', async () => {
    const page = await newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${baseUrl()}/`);
    await page.getByRole('navigation', { name: 'Categories' }).getByRole('link', { name: 'T-shirts' }).click();
    await page.getByRole('heading', { level: 1, name: 'T-shirts' }).waitFor();
    await signInThroughUi(page, admin().email, admin().password);
    const pages = ['/admin/orders', '/admin/inventory', '/admin/products/1', '/admin/inventory/1?product=1'];
    for (const path of [
      ...pages,
      '/admin/reports',
      '/products/1',
      '/cart',
      '/checkout',
      '/orders',
      '/account/addresses',
    ]) {
      await page.goto(`${baseUrl()}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
    }
    expect(violations).toEqual([]);
    await page.close();
  });
});
