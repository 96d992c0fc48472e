/**
 * Product images through the Worker: uploads to POST /images/products/:id
 * (admin only, raw bytes, JPEG/PNG/WebP by their first bytes, at most 5 MB
 * and 10 per product, each a single database round trip), GET /images/:key,
 * and the admin's catalog.deleteImage and catalog.reorderImages. A refused
 * upload stores nothing: no row, and no object left in R2.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { signToken } from '../../src/modules/auth/token.ts';
import { MAX_IMAGE_BYTES, MAX_IMAGES_PER_PRODUCT } from '../../src/shared/limits.ts';
import {
  client,
  countRoundTrips,
  fixtureCustomers,
  fixtureProduct,
  TINY_PNG as PNG,
  runSql,
  signInAdmin,
  signUpCustomer,
  TEST_AUTH_SECRET,
  trpcError,
  type Upload,
  uploadImage as upload,
  uploaded,
  workerRequest,
} from './helpers.ts';

/** Files that start as a JPEG and a WebP do: the format is read from these bytes alone. */
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
const WEBP = new TextEncoder().encode('RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00');
const HTML = new TextEncoder().encode('<html><script>alert(1)</script></html>');

function refusedWith(answer: Upload, status: number, reason: string) {
  expect(answer.status).toBe(status);
  if (!('error' in answer.body)) throw new Error('expected a refusal');
  expect(answer.body.error.data).toMatchObject({ httpStatus: status, reason });
  expect(answer.body.error.message).toMatch(/\w{4}/);
}

async function storedKeys(): Promise<string[]> {
  const listed = await env.IMAGES.list({ limit: 1000 });
  return listed.objects.map((object) => object.key).sort();
}

async function imageRows(productId: number) {
  const rows = await runSql('SELECT id, key, position FROM product_images WHERE product_id = ? ORDER BY position', [
    productId,
  ]);
  return rows.map((row) => ({ id: Number(row.id), key: String(row.key), position: Number(row.position) }));
}

/** Runs `refused` and checks it left no row and no object behind. */
async function storesNothing(productId: number, refused: () => Promise<void>) {
  const [keys, rows] = [await storedKeys(), await imageRows(productId)];
  await refused();
  expect(await storedKeys()).toEqual(keys);
  expect(await imageRows(productId)).toEqual(rows);
}

/** A token that says admin for a user the database knows as a customer: an admin since demoted. */
async function demotedAdminToken() {
  const [customer] = await fixtureCustomers(1);
  if (!customer) throw new Error('no fixture customer');
  return signToken({ ...customer.user, role: 'admin' }, TEST_AUTH_SECRET, 3600);
}

describe('uploading an image', () => {
  it('stores it in one round trip and serves it back byte for byte, with its type, an ETag and a year of caching', async () => {
    const product = await fixtureProduct({ stock: 1 });
    const { token } = await signInAdmin();
    let answer: Upload | undefined;
    expect(await countRoundTrips(async () => (answer = await upload(product.id, PNG, token)))).toBe(1);
    expect(answer?.status).toBe(201);
    const image = uploaded(answer as Upload);
    expect(image).toMatchObject({ contentType: 'image/png', position: 0 });
    expect(image.url).toMatch(/^\/images\/[0-9a-f]{32}\.png$/);

    const served = await workerRequest(image.url);
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = served.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);

    const again = await workerRequest(image.url, { headers: { 'if-none-match': etag as string } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);

    const page = await client().catalog.product.query({ id: product.id });
    expect(page.images).toEqual([image]);
    const { items } = await client().catalog.products.query({ search: product.name, limit: 5 });
    expect(items.find((item) => item.id === product.id)?.imageUrl).toBe(image.url);
  });

  it('writes an audit row naming the product', async () => {
    const product = await fixtureProduct({ stock: 1 });
    const { token, user } = await signInAdmin();
    uploaded(await upload(product.id, PNG, token));
    const audit = await runSql('SELECT actor_id, action FROM audit_log WHERE target = ? ORDER BY id', [
      `product:${product.id}`,
    ]);
    expect(audit.map((row) => ({ ...row }))).toEqual([{ actor_id: user.id, action: 'catalog.addImage' }]);
  });

  it('takes JPEG and WebP by their first bytes, whatever type the request declares, and stores the type it found', async () => {
    const product = await fixtureProduct({ stock: 1 });
    const { token } = await signInAdmin();
    const jpeg = uploaded(await upload(product.id, JPEG, token, 'application/octet-stream'));
    const webp = uploaded(await upload(product.id, WEBP, token, 'text/plain'));
    const png = uploaded(await upload(product.id, PNG, token, 'image/jpeg'));
    expect([jpeg.contentType, webp.contentType, png.contentType]).toEqual(['image/jpeg', 'image/webp', 'image/png']);
    expect([jpeg.position, webp.position, png.position]).toEqual([0, 1, 2]);
    expect((await workerRequest(png.url)).headers.get('content-type')).toBe('image/png');
    expect(webp.url).toMatch(/\.webp$/);
  });

  it.each([
    ['HTML declared as a PNG', HTML, 'image/png'],
    ['a PNG signature cut short', PNG.subarray(0, 7), 'image/png'],
    ['an empty body', new Uint8Array(0), 'image/png'],
    ['a GIF', new TextEncoder().encode('GIF89a\x01\x00\x01\x00'), 'image/gif'],
  ])('refuses %s with 415 UNSUPPORTED_IMAGE and stores nothing', async (_case, bytes, declared) => {
    const product = await fixtureProduct({ stock: 1 });
    const { token } = await signInAdmin();
    await storesNothing(product.id, async () =>
      refusedWith(await upload(product.id, bytes, token, declared), 415, 'UNSUPPORTED_IMAGE'),
    );
  });

  it(`refuses a body over ${MAX_IMAGE_BYTES} bytes with 413 IMAGE_TOO_LARGE, declared or streamed, and stores nothing`, async () => {
    const product = await fixtureProduct({ stock: 1 });
    const { token } = await signInAdmin();
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(PNG);
    await storesNothing(product.id, async () => {
      refusedWith(await upload(product.id, big, token), 413, 'IMAGE_TOO_LARGE');
      // Without a Content-Length the body is counted as it arrives.
      const streamed = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let offset = 0; offset < big.length; offset += 1 << 20)
            controller.enqueue(big.slice(offset, offset + (1 << 20)));
          controller.close();
        },
      });
      refusedWith(await upload(product.id, streamed, token), 413, 'IMAGE_TOO_LARGE');
    });
    const exact = new Uint8Array(MAX_IMAGE_BYTES);
    exact.set(PNG);
    expect(uploaded(await upload(product.id, exact, token)).position).toBe(0);
  });

  it(`refuses an image past ${MAX_IMAGES_PER_PRODUCT} with 409 TOO_MANY_IMAGES, and removes its object from R2`, async () => {
    const product = await fixtureProduct({ stock: 1 });
    const { token } = await signInAdmin();
    for (let i = 0; i < MAX_IMAGES_PER_PRODUCT; i++) uploaded(await upload(product.id, PNG, token));
    await storesNothing(product.id, async () =>
      refusedWith(await upload(product.id, PNG, token), 409, 'TOO_MANY_IMAGES'),
    );
    expect((await imageRows(product.id)).map((row) => row.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('lets exactly one of two concurrent uploads at nine take the tenth place, and leaves only its object', async () => {
    const product = await fixtureProduct({ stock: 1 });
    const { token } = await signInAdmin();
    for (let i = 0; i < MAX_IMAGES_PER_PRODUCT - 1; i++) uploaded(await upload(product.id, PNG, token));
    const keysBefore = await storedKeys();
    const answers = await Promise.all([upload(product.id, PNG, token), upload(product.id, JPEG, token)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const winner = uploaded(answers.find((answer) => answer.status === 201) as Upload);
    refusedWith(answers.find((answer) => answer.status === 409) as Upload, 409, 'TOO_MANY_IMAGES');
    const rows = await imageRows(product.id);
    expect(rows).toHaveLength(MAX_IMAGES_PER_PRODUCT);
    expect(rows[MAX_IMAGES_PER_PRODUCT - 1]?.id).toBe(winner.id);
    const added = (await storedKeys()).filter((key) => !keysBefore.includes(key));
    expect(added).toEqual([winner.url.replace('/images/', '')]);
  });

  it('refuses an unknown product with 404 NOT_FOUND and stores nothing', async () => {
    const { token } = await signInAdmin();
    const keys = await storedKeys();
    refusedWith(await upload(999_999_999, PNG, token), 404, 'NOT_FOUND');
    expect(await storedKeys()).toEqual(keys);
  });

  it('refuses anyone but an admin, before storing anything: no token 401, a customer 403, a demoted admin 403', async () => {
    const product = await fixtureProduct({ stock: 1 });
    const customer = await signUpCustomer();
    const demoted = await demotedAdminToken();
    await storesNothing(product.id, async () => {
      refusedWith(await upload(product.id, PNG), 401, 'TOKEN_INVALID');
      refusedWith(await upload(product.id, PNG, 'not-a-token'), 401, 'TOKEN_INVALID');
      refusedWith(await upload(product.id, PNG, customer.token), 403, 'ADMIN_REQUIRED');
      // The token says admin; the upload's batch asks the database, which says no.
      refusedWith(await upload(product.id, PNG, demoted), 403, 'ADMIN_REVOKED');
    });
  });
});

describe('GET /images/:key', () => {
  it('answers 404 for a key nobody stored and for one the server could never have made', async () => {
    for (const path of ['/images/0123456789abcdef0123456789abcdef.png', '/images/..%2Fsecret', '/images/x.png']) {
      expect((await workerRequest(path)).status, path).toBe(404);
    }
  });
});

describe('catalog.deleteImage', () => {
  it('deletes the row in one round trip, then the object; later images move up one place', async () => {
    const product = await fixtureProduct({ stock: 1 });
    const { token, api } = await signInAdmin();
    const [first, second, third] = [
      uploaded(await upload(product.id, PNG, token)),
      uploaded(await upload(product.id, JPEG, token)),
      uploaded(await upload(product.id, WEBP, token)),
    ];
    let answer: Awaited<ReturnType<typeof api.catalog.deleteImage.mutate>> | undefined;
    expect(
      await countRoundTrips(async () => (answer = await api.catalog.deleteImage.mutate({ id: second?.id as number }))),
    ).toBe(1);
    expect(answer).toEqual({ id: second?.id, productId: product.id });
    expect((await workerRequest(second?.url as string)).status).toBe(404);
    expect(
      (await client().catalog.product.query({ id: product.id })).images.map((image) => [image.id, image.position]),
    ).toEqual([
      [first?.id, 0],
      [third?.id, 1],
    ]);
  });

  it('answers NOT_FOUND for an unknown image, and FORBIDDEN to a customer', async () => {
    const { api } = await signInAdmin();
    expect((await trpcError(api.catalog.deleteImage.mutate({ id: 999_999_999 }))).data).toMatchObject({
      reason: 'NOT_FOUND',
    });
    const product = await fixtureProduct({ stock: 1 });
    const image = uploaded(await upload(product.id, PNG, (await signInAdmin()).token));
    const customer = await signUpCustomer();
    expect((await trpcError(customer.api.catalog.deleteImage.mutate({ id: image.id }))).data).toMatchObject({
      reason: 'ADMIN_REQUIRED',
    });
    expect((await workerRequest(image.url)).status).toBe(200);
  });
});

describe('catalog.reorderImages', () => {
  it('sets the order in one round trip and answers with the product, its images in that order', async () => {
    const product = await fixtureProduct({ stock: 1 });
    const { token, api } = await signInAdmin();
    const ids = [];
    for (const bytes of [PNG, JPEG, WEBP]) ids.push(uploaded(await upload(product.id, bytes, token)).id);
    const wanted = [ids[2], ids[0], ids[1]] as number[];
    let answer: Awaited<ReturnType<typeof api.catalog.reorderImages.mutate>> | undefined;
    expect(
      await countRoundTrips(
        async () => (answer = await api.catalog.reorderImages.mutate({ productId: product.id, imageIds: wanted })),
      ),
    ).toBe(1);
    expect(answer?.images.map((image) => [image.id, image.position])).toEqual([
      [wanted[0], 0],
      [wanted[1], 1],
      [wanted[2], 2],
    ]);
    const { items } = await client().catalog.products.query({ search: product.name, limit: 5 });
    expect(items.find((item) => item.id === product.id)?.imageUrl).toBe(answer?.images[0]?.url);
  });

  it('refuses a list that is not exactly the product’s images with IMAGES_CHANGED and the current ids, changing nothing', async () => {
    const product = await fixtureProduct({ stock: 1 });
    const other = await fixtureProduct({ stock: 1 });
    const { token, api } = await signInAdmin();
    const a = uploaded(await upload(product.id, PNG, token)).id;
    const b = uploaded(await upload(product.id, PNG, token)).id;
    const foreign = uploaded(await upload(other.id, PNG, token)).id;
    for (const imageIds of [[b], [b, a, foreign], [b, foreign]]) {
      const error = await trpcError(api.catalog.reorderImages.mutate({ productId: product.id, imageIds }));
      expect(error.data).toMatchObject({ code: 'CONFLICT', reason: 'IMAGES_CHANGED', details: { imageIds: [a, b] } });
    }
    expect((await imageRows(product.id)).map((row) => row.id)).toEqual([a, b]);
    const unknown = await trpcError(api.catalog.reorderImages.mutate({ productId: 999_999_999, imageIds: [a] }));
    expect(unknown.data).toMatchObject({ reason: 'NOT_FOUND' });
    const repeated = await trpcError(api.catalog.reorderImages.mutate({ productId: product.id, imageIds: [a, a] }));
    expect(repeated.data).toMatchObject({ reason: 'INVALID_INPUT' });
  });
});
