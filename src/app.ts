/**
 * The Worker's HTTP side: a Hono app serving tRPC at /trpc, product images at
 * /images, Stripe's webhook at /webhooks/stripe and GET /health. The SPA's static assets are served by Workers
 * Static Assets before this code runs.
 */
import { trpcServer } from '@hono/trpc-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { apiHeaders } from './edge/api-headers.ts';
import { catalogCache } from './edge/catalog-cache.ts';
import { configOr } from './env.ts';
import { health } from './health.ts';
import { imagesRoute } from './modules/catalog/images.route.ts';
import { webhooksRoute } from './modules/payments/stripe/webhook.route.ts';
import { MAX_CALLS_PER_REQUEST } from './shared/limits.ts';
import { type AppEnv, createContextFromHono } from './trpc/context.ts';
import { appRouter } from './trpc/router.ts';

/** Large enough for a 100-line order, small enough to refuse abuse early. */
const MAX_BODY_BYTES = 64 * 1024;

export const app = new Hono<AppEnv>();

// Always a server-made id (headerName '' ignores an incoming X-Request-Id): it is
// written into audit rows, so a client must not choose it.
app.use(requestId({ headerName: '' }));
app.use(apiHeaders());
app.use(
  '/trpc/*',
  cors({
    // Without a checked configuration no origin is known to be allowed; /trpc itself answers 503 NOT_CONFIGURED.
    origin: (origin, c) => (configOr(c.env, (config) => config.corsOrigins, []).includes(origin) ? origin : null),
    allowHeaders: ['Content-Type', 'Authorization', 'X-Cart-Token', 'trpc-accept'],
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    maxAge: 600,
  }),
);
app.use(
  '/trpc/*',
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      c.json(
        { error: { message: `Request body is larger than ${MAX_BODY_BYTES} bytes`, code: 'PAYLOAD_TOO_LARGE' } },
        413,
      ),
  }),
);

app.get('/health', health);

// Product images: admins upload them (raw bytes, their own size limit), anyone reads them.
app.route('/images', imagesRoute);

// Stripe's events: the raw body, verified by its signature (src/modules/payments/stripe/webhook.route.ts).
app.route('/webhooks', webhooksRoute);

// Anonymous catalog reads from this location's cache; misconfigured Workers skip it and answer 503 below.
app.use(
  '/trpc/*',
  catalogCache<AppEnv>((env) => configOr(env, (config) => config.catalogCacheTtlSeconds, 0)),
);

app.use(
  '/trpc/*',
  trpcServer({
    router: appRouter,
    endpoint: '/trpc',
    // One request may not carry hundreds of searches or writes: beyond this it is a 400 before any call runs.
    maxBatchSize: MAX_CALLS_PER_REQUEST,
    createContext: (_opts, c) => createContextFromHono(c),
  }),
);

app.notFound((c) => c.json({ error: { message: `No route for ${c.req.method} ${c.req.path}` } }, 404));

app.onError((error, c) => {
  console.error(`[${c.get('requestId')}]`, error);
  return c.json({ error: { message: 'Internal server error', requestId: c.get('requestId') } }, 500);
});
