/**
 * Anonymous catalog reads served from the Workers Cache API, close to the
 * shopper, instead of a round trip to the primary database.
 *
 * - Only GETs whose every procedure is a public catalog read, with no bearer
 *   token (an admin may see archived products), are cached, keyed by the full
 *   URL (procedures and input) for CATALOG_CACHE_TTL_SECONDS.
 * - The Cache API cannot purge by prefix, so every key carries the catalog
 *   version, itself kept in the Cache API. A catalog write sets a new version:
 *   the next read in the same location misses and reads the database at once;
 *   other locations keep their own version entry and see the write within
 *   one TTL.
 * - Stock changes from checkouts do not invalidate: a stock badge may be one
 *   TTL stale, and the checkout's guards stay the only authority on stock.
 *
 * The Cache API works on a custom domain, not on `workers.dev` (there every
 * read misses and goes to the database, as without this module).
 */
import type { MiddlewareHandler } from 'hono';

/** Public catalog reads whose answer depends only on their input. */
const CACHEABLE_PROCEDURES = new Set(['catalog.categories', 'catalog.products', 'catalog.product']);
/** Never a real origin: these URLs only name entries in this location's cache. */
const CACHE_ORIGIN = 'https://catalog-cache.stockroom.internal';
const VERSION_KEY = `${CACHE_ORIGIN}/version`;
/** When the entry was stored (ms since the epoch), to answer with a true `Age`. */
const STORED_AT = 'x-stored-at';

/** The procedures a /trpc URL names, e.g. `/trpc/catalog.products,catalog.categories` → both. */
function procedures(url: URL): string[] {
  return decodeURIComponent(url.pathname.replace(/^\/trpc\//, '')).split(',');
}

export function isCacheableCatalogRead(request: Request): boolean {
  if (request.method !== 'GET' || request.headers.has('authorization')) return false;
  return procedures(new URL(request.url)).every((procedure) => CACHEABLE_PROCEDURES.has(procedure));
}

/** This location's catalog version; a missing one (evicted, or never set) starts a new version. */
async function catalogVersion(cache: Cache): Promise<string> {
  const stored = await cache.match(VERSION_KEY);
  if (stored) return stored.text();
  return setCatalogVersion(cache);
}

async function setCatalogVersion(cache: Cache): Promise<string> {
  const version = crypto.randomUUID();
  await cache.put(VERSION_KEY, new Response(version, { headers: { 'cache-control': 'max-age=31536000' } }));
  return version;
}

/** Called after every successful catalog write: this location's next read goes to the database. */
export async function invalidateCatalog(): Promise<void> {
  await setCatalogVersion(caches.default);
}

/**
 * The middleware, for `/trpc/*`: answers a cacheable read from the cache, or
 * stores the answer of a successful one. `ttlSeconds(env)` reads the TTL from
 * the checked configuration; 0 turns caching off.
 */
export function catalogCache<E extends { Bindings: object }>(
  ttlSeconds: (env: E['Bindings']) => number,
): MiddlewareHandler<E> {
  return async function catalogCacheMiddleware(c, next) {
    const ttl = isCacheableCatalogRead(c.req.raw) ? ttlSeconds(c.env) : 0;
    if (ttl <= 0) return next();
    const cache = caches.default;
    const url = new URL(c.req.url);
    const key = `${CACHE_ORIGIN}/${await catalogVersion(cache)}${url.pathname}${url.search}`;
    const hit = await cache.match(key);
    if (hit) {
      const age = Math.max(0, Math.floor((Date.now() - Number(hit.headers.get(STORED_AT))) / 1000));
      const headers = new Headers(hit.headers);
      headers.delete(STORED_AT);
      headers.set('age', String(age));
      headers.set('x-cache', 'HIT');
      return new Response(hit.body, { status: 200, headers });
    }
    await next();
    if (c.res.status !== 200) return;
    // Store a clean copy: no per-request headers (CORS, request id) travel into the cache.
    const body = await c.res.clone().text();
    const headers = {
      'content-type': c.res.headers.get('content-type') ?? 'application/json',
      'cache-control': `public, max-age=${ttl}`,
    };
    await cache.put(key, new Response(body, { headers: { ...headers, [STORED_AT]: String(Date.now()) } }));
    c.res.headers.set('cache-control', headers['cache-control']);
    c.res.headers.set('x-cache', 'MISS');
  };
}
