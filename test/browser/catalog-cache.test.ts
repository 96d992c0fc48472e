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
  // Every HTTP request the Worker makes to the database, not only pipelines.
  return ((await response.json()) as { requests: number }).requests;
}

/** wrangler.toml's default, the TTL this stack runs with. */
const TTL_MS = 5_000;

describe('catalog reads under wrangler dev', () => {
  it('serve a repeated anonymous catalog.products from the cache, with no database request', async () => {
    // The entry lives for the TTL: a machine too busy to send the second read within it tries again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const input = encodeURIComponent(JSON.stringify({ search: `tee ${crypto.randomUUID()}`, limit: 7 }));
      const url = `${baseUrl()}/trpc/catalog.products?input=${input}`;
      const first = await fetch(url);
      const cachedAt = Date.now();
      expect(first.status).toBe(200);
      expect(first.headers.get('x-cache')).toBe('MISS');
      await first.text();
      const before = await databaseRequests();
      const second = await fetch(url);
      await second.text();
      const after = await databaseRequests();
      if (Date.now() - cachedAt >= TTL_MS) continue;
      expect(second.headers.get('x-cache')).toBe('HIT');
      expect(second.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
      expect(after).toBe(before);
      return;
    }
    expect.fail(`three attempts each took longer than the ${TTL_MS} ms TTL between two reads`);
  });
});
