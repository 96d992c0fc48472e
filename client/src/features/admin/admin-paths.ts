/** The admin pages about one product or one variant, linked from several places. */

/** Where a product's variants are listed and edited. */
export const productAdminPath = (productId: number) => `/admin/products/${productId}`;

/**
 * One variant's stock page. The product rides along in the query because the
 * page reads the variant from its product (the API has no read of one variant).
 */
export const variantStockPath = (variantId: number, productId: number) =>
  `/admin/inventory/${variantId}?product=${productId}`;
