/**
 * Floor (a) for the Worker's CPU per checkout: a tiny Worker, served by the
 * same runtime as Stockroom, that sends the same checkout batch with plain
 * `fetch`: the prebuilt compact pipeline (checkout-batch.ts) with the user id,
 * key, shipping method and agreed total put in, its answer parsed, and a small
 * JSON reply. No router, no
 * tRPC, no ORM, no token check: what is left is the runtime's own cost of an
 * HTTP request that makes one database request.
 *
 * GET /?user=<id>&key=<idempotency key>&method=<shipping method id>&total=<cents>;
 * the pipeline comes as the PIPELINE var.
 *
 * It also answers probes that price the runtime's own parts, so they can be
 * told apart from Stockroom's: /probe/empty (a request that does nothing),
 * /probe/ratelimit (one ORDER_LIMITER.limit call) and /probe/cache (two
 * cache hits, as a cached catalog read makes: its version, then its entry).
 * Under Miniflare the rate limiter and the Cache API are simulated by
 * JavaScript Workers and Durable Objects in the same workerd process, which
 * production does not run inside the Worker's process.
 */
import { KEY_MARK, METHOD_MARK, TOTAL_MARK, USER_MARK } from './checkout-batch.ts';

export const FLOOR_WORKER_NAME = 'floor';
export const PROBES = {
  empty: 'probe: an empty request',
  ratelimit: 'probe: one rate limiter call',
  cache: 'probe: two Cache API hits',
} as const;

export const FLOOR_WORKER_SCRIPT = `
const CACHED = ['https://floor.internal/version', 'https://floor.internal/entry'];

async function cacheHits() {
  let body = '';
  for (const key of CACHED) {
    let hit = await caches.default.match(key);
    if (!hit) {
      await caches.default.put(key, new Response('x'.repeat(4096), { headers: { 'cache-control': 'max-age=3600' } }));
      hit = await caches.default.match(key);
    }
    body = await hit.text();
  }
  return new Response(body, { headers: { 'content-type': 'application/json' } });
}

async function checkout(params, env) {
  const body = env.PIPELINE.replaceAll(${JSON.stringify(USER_MARK)}, params.get('user'))
    .replaceAll(${JSON.stringify(KEY_MARK)}, params.get('key'))
    .replaceAll(${JSON.stringify(METHOD_MARK)}, params.get('method'))
    .replaceAll(${JSON.stringify(TOTAL_MARK)}, params.get('total'));
  const response = await fetch(env.TURSO_DATABASE_URL + '/v3/pipeline', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + env.TURSO_AUTH_TOKEN, 'content-type': 'application/json' },
    body,
  });
  const reply = await response.json();
  const result = reply.results[0];
  const error = result.type === 'ok' ? result.response.result.step_errors.find((e) => e !== null) : result.error;
  return Response.json(error ? { ok: false, error: error.message } : { ok: true }, { status: error ? 409 : 200 });
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case '/probe/empty':
        return Response.json({ ok: true });
      case '/probe/ratelimit':
        return Response.json(await env.ORDER_LIMITER.limit({ key: 'probe' }));
      case '/probe/cache':
        return cacheHits();
      default:
        return checkout(url.searchParams, env);
    }
  },
};
`;
