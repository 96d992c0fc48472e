/**
 * The statements of the image writes' batches; each runs nothing. An admin
 * write puts its audit row first (db/audit.ts), so the still-an-admin check
 * answers before any guard here. Guards:
 *
 * - unknown product: the new row's product_id is NULL (NOT NULL refuses it);
 * - more than MAX_IMAGES_PER_PRODUCT: the new row's position is NULL when the
 *   product already has that many (NOT NULL refuses it). A batch is one write
 *   transaction, so two uploads racing for the tenth place are counted one
 *   after the other and the second is refused;
 * - unknown image: the audit row's target is NULL (NOT NULL refuses it);
 * - a reorder that does not name exactly the product's images (one was added
 *   or deleted meanwhile): the audit row's target is NULL.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { NOW, productImages, products } from '../../db/schema.ts';
import type { ImageContentType } from '../../shared/images.ts';
import { MAX_IMAGES_PER_PRODUCT } from '../../shared/limits.ts';

const imageColumns = {
  id: productImages.id,
  productId: productImages.productId,
  key: productImages.key,
  contentType: productImages.contentType,
  position: productImages.position,
};

export type NewImage = { productId: number; key: string; contentType: ImageContentType; bytes: number };

/** The product's id when it exists, else NULL. */
const existingProduct = (productId: number) =>
  sql<number>`(SELECT ${products.id} FROM ${products} WHERE ${products.id} = ${productId})`;

/** The position after the product's last image, or NULL when it has MAX_IMAGES_PER_PRODUCT already. */
const nextPosition = (productId: number) =>
  sql<number>`(SELECT CASE WHEN count(*) < ${MAX_IMAGES_PER_PRODUCT} THEN coalesce(max(${productImages.position}) + 1, 0) END
    FROM ${productImages} WHERE ${productImages.productId} = ${productId})`;

const touchProduct = (db: Db, productId: number | SQL) =>
  db.update(products).set({ updatedAt: NOW }).where(sql`${products.id} = ${productId}`);

/** An upload: the image's row, last in the product's order, answering with it. */
export function addImageStatements(db: Db, image: NewImage) {
  return [
    db
      .insert(productImages)
      .values({
        productId: existingProduct(image.productId),
        key: image.key,
        contentType: image.contentType,
        bytes: image.bytes,
        position: nextPosition(image.productId),
      })
      .returning(imageColumns),
    touchProduct(db, image.productId),
  ] as const;
}

/** The audit target of an image write: `image:<id>` when the image exists, else NULL. */
export const imageTarget = (imageId: number) =>
  sql<string>`(SELECT 'image:' || ${productImages.id} FROM ${productImages} WHERE ${productImages.id} = ${imageId})`;

/**
 * Deleting an image: the images after it move up one place, then the row
 * goes, answering with its key (for R2) and product.
 */
export function deleteImageStatements(db: Db, imageId: number) {
  const column = (name: SQL) => sql`(SELECT ${name} FROM ${productImages} WHERE ${productImages.id} = ${imageId})`;
  const productId = column(sql`${productImages.productId}`);
  return [
    touchProduct(db, productId),
    db
      .update(productImages)
      .set({ position: sql`${productImages.position} - 1` })
      .where(
        sql`${productImages.productId} = ${productId} AND ${productImages.position} > ${column(sql`${productImages.position}`)}`,
      ),
    db
      .delete(productImages)
      .where(sql`${productImages.id} = ${imageId}`)
      .returning({ key: productImages.key, productId: productImages.productId }),
  ] as const;
}

/**
 * The audit target of a reorder: `product:<id>` when `imageIds` are exactly
 * the product's images, else NULL.
 */
export function reorderTarget(productId: number, imageIds: readonly number[]) {
  const count = (where: SQL) =>
    sql`(SELECT count(*) FROM ${productImages} WHERE ${productImages.productId} = ${productId} ${where})`;
  return sql<string>`(SELECT 'product:' || ${products.id} FROM ${products} WHERE ${products.id} = ${productId}
    AND ${count(sql``)} = ${imageIds.length}
    AND ${count(sql`AND ${productImages.id} IN ${imageIds}`)} = ${imageIds.length})`;
}

/** A reorder: each image's position is its index in `imageIds`. */
export function reorderImagesStatements(db: Db, productId: number, imageIds: readonly number[]) {
  const position = sql.join(
    imageIds.map((id, index) => sql`WHEN ${id} THEN ${index}`),
    sql` `,
  );
  return [
    db
      .update(productImages)
      .set({ position: sql`CASE ${productImages.id} ${position} END` })
      .where(sql`${productImages.productId} = ${productId}`),
    touchProduct(db, productId),
  ] as const;
}
