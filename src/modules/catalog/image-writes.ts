/**
 * Admin writes to product images. The bytes live in R2 under a key the server
 * makes; a product_images row (image-batches.ts) is what makes them part of a
 * product. Each database side is ONE batch, audit row first.
 */

import { eq, sql } from 'drizzle-orm';
import { type Actor, adminBatch } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import { isViolationOf } from '../../db/errors.ts';
import { productImages, products } from '../../db/schema.ts';
import {
  IMAGE_CONTENT_TYPES,
  IMAGE_EXTENSIONS,
  IMAGE_URL_PREFIX,
  type ImageContentType,
  type ProductImage,
} from '../../shared/images.ts';
import { MAX_IMAGE_BYTES, MAX_IMAGES_PER_PRODUCT } from '../../shared/limits.ts';
import { DomainError, notFound } from '../domain-error.ts';
import { hex } from '../encoding.ts';
import type { ReorderImagesInput } from './catalog.schema.ts';
import {
  addImageStatements,
  deleteImageStatements,
  imageTarget,
  reorderImagesStatements,
  reorderTarget,
} from './image-batches.ts';
import { sniffImageType } from './image-type.ts';
import { parseDetail, productDetailQuery } from './product-views.ts';

/** Keys are never reused, so what a key names never changes: caches may keep it for a year. */
export const IMAGE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** A new storage key: 128 random bits in hex, then the format's extension. */
function newImageKey(contentType: ImageContentType): string {
  return `${hex(crypto.getRandomValues(new Uint8Array(16)))}.${IMAGE_EXTENSIONS[contentType]}`;
}

function toImage(row: { id: number; key: string; contentType: string; position: number }): ProductImage {
  return {
    id: row.id,
    url: `${IMAGE_URL_PREFIX}${row.key}`,
    contentType: row.contentType as ImageContentType,
    position: row.position,
  };
}

/** IMAGE_TOO_LARGE or UNSUPPORTED_IMAGE for bytes that may not be stored; their format otherwise. */
function checkImage(bytes: Uint8Array): ImageContentType {
  if (bytes.byteLength > MAX_IMAGE_BYTES) {
    throw new DomainError('IMAGE_TOO_LARGE', `An image may have at most ${MAX_IMAGE_BYTES} bytes`, {
      maxBytes: MAX_IMAGE_BYTES,
    });
  }
  const contentType = sniffImageType(bytes);
  if (!contentType) {
    throw new DomainError('UNSUPPORTED_IMAGE', 'The file is not a JPEG, PNG or WebP image', {
      accepted: IMAGE_CONTENT_TYPES,
    });
  }
  return contentType;
}

/**
 * Adds an image to the end of a product's images. The bytes go to R2 first,
 * under a new key, then the row in one batch; the batch's guards may still
 * refuse it (an unknown product, the tenth image taken by a racing upload, a
 * demoted admin), and then the bytes are deleted again, since no row names them.
 */
export async function addImage(
  db: Db,
  bucket: R2Bucket,
  actor: Actor,
  productId: number,
  bytes: Uint8Array,
): Promise<ProductImage> {
  const contentType = checkImage(bytes);
  const key = newImageKey(contentType);
  await bucket.put(key, bytes, { httpMetadata: { contentType, cacheControl: IMAGE_CACHE_CONTROL } });
  try {
    const [[image]] = await adminBatch(
      db,
      actor,
      { action: 'catalog.addImage', target: `product:${productId}` },
      addImageStatements(db, { productId, key, contentType, bytes: bytes.byteLength }),
    );
    if (!image) throw new Error('image insert returned no row');
    return toImage(image);
  } catch (error) {
    // The batch was refused (or its answer lost): no row names the object, so remove it.
    await bucket.delete(key);
    if (isViolationOf(error, 'notnull', 'product_images.product_id')) throw notFound('product', productId);
    if (isViolationOf(error, 'notnull', 'product_images.position')) {
      throw new DomainError('TOO_MANY_IMAGES', `A product may have at most ${MAX_IMAGES_PER_PRODUCT} images`, {
        max: MAX_IMAGES_PER_PRODUCT,
      });
    }
    throw error;
  }
}

/**
 * Deletes an image: its row in one batch, then its R2 object once that
 * committed (a failed delete there leaves an object nothing names, never a
 * row without its bytes). Answers with the deleted image's id and product.
 */
export async function deleteImage(db: Db, bucket: R2Bucket, actor: Actor, imageId: number) {
  let deleted: { key: string; productId: number } | undefined;
  try {
    const [, , rows] = await adminBatch(
      db,
      actor,
      { action: 'catalog.deleteImage', target: imageTarget(imageId) },
      deleteImageStatements(db, imageId),
    );
    deleted = rows[0];
  } catch (error) {
    if (isViolationOf(error, 'notnull', 'audit_log.target')) throw notFound('image', imageId);
    throw error;
  }
  if (!deleted) throw notFound('image', imageId);
  try {
    await bucket.delete(deleted.key);
  } catch (error) {
    console.error(`image ${imageId}: row deleted, R2 object ${deleted.key} left behind`, error);
  }
  return { id: imageId, productId: deleted.productId };
}

/**
 * Puts a product's images in the given order, in one batch that ends with the
 * product as it now is (an admin's view). `imageIds` must name every image of
 * the product once: a list made before another admin added or deleted one is
 * refused with IMAGES_CHANGED and the current ids.
 */
export async function reorderImages(db: Db, actor: Actor, { productId, imageIds }: ReorderImagesInput) {
  try {
    const [, , [product]] = await adminBatch(
      db,
      actor,
      { action: 'catalog.reorderImages', target: reorderTarget(productId, imageIds) },
      [...reorderImagesStatements(db, productId, imageIds), productDetailQuery(db, sql`p.id = ${productId}`, true)],
    );
    if (!product) throw notFound('product', productId);
    return parseDetail(product);
  } catch (error) {
    if (!isViolationOf(error, 'notnull', 'audit_log.target')) throw error;
  }
  // The failure path reads once, to say which: no such product, or other images.
  const [product, current] = await db.batch([
    db.select({ id: products.id }).from(products).where(eq(products.id, productId)),
    db
      .select({ id: productImages.id })
      .from(productImages)
      .where(eq(productImages.productId, productId))
      .orderBy(productImages.position, productImages.id),
  ]);
  if (product.length === 0) throw notFound('product', productId);
  const ids = current.map((image) => image.id);
  throw new DomainError(
    'IMAGES_CHANGED',
    `List each of product ${productId}'s images exactly once; they are now: ${ids.join(', ') || 'none'}`,
    { imageIds: ids },
  );
}
