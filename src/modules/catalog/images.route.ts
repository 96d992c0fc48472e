/**
 * Product images over plain HTTP, mounted at /images (wrangler.toml lists
 * /images/* in run_worker_first). Uploads are raw bytes, not tRPC: JSON would
 * cost a third more as base64 and meet /trpc's 64 KB body cap.
 *
 * - `POST /images/products/:productId`: an admin's bearer token; the body is
 *   the image itself, at most MAX_IMAGE_BYTES; its format is read from its
 *   first bytes (JPEG, PNG or WebP), whatever Content-Type says. 201
 *   `{ image }`, or a 4xx `{ error: { message, data } }` shaped like tRPC's
 *   errors, with `data.reason`, and nothing stored.
 * - `GET /images/:key`: the bytes as stored, with their Content-Type, an ETag
 *   (304 for a matching If-None-Match) and a year-long immutable Cache-Control.
 *
 * @example
 * await fetch(`/images/products/${id}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: file });
 */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { databaseFor } from '../../db/client.ts';
import { invalidateCatalog } from '../../edge/catalog-cache.ts';
import { readConfig } from '../../env.ts';
import type { ErrorData } from '../../shared/error-data.ts';
import { idSchema } from '../../shared/fields.ts';
import { IMAGE_KEY_PATTERN, type UploadAnswer } from '../../shared/images.ts';
import { MAX_IMAGE_BYTES } from '../../shared/limits.ts';
import { type AppEnv, createContextFromHono } from '../../trpc/context.ts';
import { asDomainError, httpStatusOf, REASON_STATUS } from '../../trpc/error-status.ts';
import { requireAdmin, signedInUser } from '../auth/bearer.ts';
import type { TokenUser } from '../auth/token.ts';
import { DomainError, notFound } from '../domain-error.ts';
import { addImage, IMAGE_CACHE_CONTROL } from './image-writes.ts';

/** The routes' environment: the app's, plus the admin the upload's token names. */
type ImagesEnv = { Bindings: AppEnv['Bindings']; Variables: AppEnv['Variables'] & { admin: TokenUser } };
type ImageContext = Context<ImagesEnv>;

/** A refusal as tRPC would answer it: the reason's status, and `error.data` of the same shape. */
function refusal(c: ImageContext, error: DomainError) {
  const httpStatus = httpStatusOf(error.reason);
  const data: ErrorData = {
    code: REASON_STATUS[error.reason],
    httpStatus,
    reason: error.reason,
    details: error.details,
  };
  const answer: UploadAnswer = { error: { message: error.message, data } };
  return c.json(answer, httpStatus as 400);
}

/** Answers what a handler throws that has a reason; anything else is the app's 500. */
async function answering(c: ImageContext, handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    const domain = asDomainError(error);
    if (!domain) throw error;
    return refusal(c, domain);
  }
}

export const imagesRoute = new Hono<ImagesEnv>();

imagesRoute.post(
  '/products/:productId',
  // The token is checked before any byte is read; the database checks the role again in the write's batch.
  (c, next) =>
    answering(c, async () => {
      const admin = await signedInUser(createContextFromHono(c).bearerToken, readConfig(c.env).authSecret);
      requireAdmin(admin);
      c.set('admin', admin);
      await next();
      return c.res;
    }),
  bodyLimit({
    maxSize: MAX_IMAGE_BYTES,
    onError: (c) =>
      refusal(
        c,
        new DomainError('IMAGE_TOO_LARGE', `An image may have at most ${MAX_IMAGE_BYTES} bytes`, {
          maxBytes: MAX_IMAGE_BYTES,
        }),
      ),
  }),
  (c) =>
    answering(c, async () => {
      const productId = idSchema.safeParse(Number(c.req.param('productId')));
      if (!productId.success) throw notFound('product', c.req.param('productId'));
      const context = createContextFromHono(c);
      const config = readConfig(context.env);
      const actor = { userId: c.get('admin').id, requestId: context.requestId, clientIp: context.clientIp };
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const image = await addImage(databaseFor(config), config.images, actor, productId.data, bytes);
      await invalidateCatalog();
      const answer: UploadAnswer = { image };
      return c.json(answer, 201);
    }),
);

imagesRoute.get('/:key', async (c) => {
  const key = c.req.param('key');
  if (!IMAGE_KEY_PATTERN.test(key)) return c.json({ error: { message: 'No such image' } }, 404);
  const object = await readConfig(c.env).images.get(key, { onlyIf: c.req.raw.headers });
  if (!object) return c.json({ error: { message: 'No such image' } }, 404);
  const headers = new Headers();
  object.writeHttpMetadata(headers);
  headers.set('etag', object.httpEtag);
  headers.set('cache-control', IMAGE_CACHE_CONTROL);
  // Without a body, a precondition (If-None-Match) held: the client's copy is current.
  if (!('body' in object)) return new Response(null, { status: 304, headers });
  return new Response(object.body, { headers });
});
