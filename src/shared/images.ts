/**
 * Product images as the server stores and serves them and the admin page
 * uploads them: the formats it accepts (recognised by their first bytes, never
 * by a declared type), where an image is served, and what an upload answers.
 */
import type { ErrorData } from './error-data.ts';

/** The image formats accepted. */
export const IMAGE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

export type ImageContentType = (typeof IMAGE_CONTENT_TYPES)[number];

/** The extension a format's storage keys end in. */
export const IMAGE_EXTENSIONS = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
} as const satisfies Record<ImageContentType, string>;

/** For a file input's `accept`. */
export const IMAGE_ACCEPT = IMAGE_CONTENT_TYPES.join(',');

/** Where the Worker serves an image: `/images/<key>`, keys made by the server. */
export const IMAGE_URL_PREFIX = '/images/';

/** A storage key: 32 lowercase hex characters (random, or a seed image's content hash) and the format's extension. */
export const IMAGE_KEY_PATTERN = /^[0-9a-f]{32}\.(?:jpg|png|webp)$/;

/** Where an admin POSTs an image's bytes (the raw body) to add it to a product. */
export const productImagesPath = (productId: number) => `${IMAGE_URL_PREFIX}products/${productId}`;

/** One image of a product, as catalog.product lists them and an upload answers. */
export type ProductImage = {
  id: number;
  /** Relative to the Worker's origin, e.g. `/images/0f3c….png`. */
  url: string;
  contentType: ImageContentType;
  /** 0 for the first image; the listing's card shows that one. */
  position: number;
};

/** What POST productImagesPath answers: 201 with the new image, or an error shaped like tRPC's. */
export type UploadAnswer = { image: ProductImage } | { error: { message: string; data: ErrorData } };
