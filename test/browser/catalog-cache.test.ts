/**
 * The edge catalog cache under the stack `npm start` runs (wrangler dev, the
 * Worker's default CATALOG_CACHE_TTL_SECONDS from wrangler.toml): a repeated
 * anonymous catalog read reaches the database once, not twice.
 */
import { describe, expect, inject, it } from 'vitest';
import { baseUrl } from './helpers.ts';

async function databaseRequests(): Promise<number> {
  const response = await fetch(`${inject('storefrontDbUrl')}/stats`, {
    headers: { authorization: `Bearer ${inject('storefrontDbAuthToken')}` },
  });
  return ((await response.json()) as { pipelineRequests: number }).pipelineRequests;
}

describe('catalog reads under wrangler dev', () => {
  it('serve a repeated anonymous catalog.products from the cache, with no database request', async () => {
    const input = encodeURIComponent(JSON.stringify({ search: `tee ${crypto.randomUUID()}`, limit: 7 }));
    const url = `${baseUrl()}/trpc/catalog.products?input=${input}`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('MISS');
    await first.text();
    const before = await databaseRequests();
    const second = await fetch(url);
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(second.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    await second.text();
    expect(await databaseRequests()).toBe(before);
  });
});
