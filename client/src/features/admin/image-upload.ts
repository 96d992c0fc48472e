/**
 * Sends one picture to the upload route (a plain POST of the file's bytes,
 * not tRPC; see src/modules/catalog/images.route.ts) with the signed-in
 * admin's token. The server reads the format from the bytes and answers
 * refusals with a reason and a sentence, which this turns into an Error.
 */

import { type ProductImage, productImagesPath, type UploadAnswer } from '../../../../src/shared/images.ts';
import { MAX_IMAGE_BYTES } from '../../../../src/shared/limits.ts';
import { readToken } from '../../session-storage.ts';

const MEGABYTES = MAX_IMAGE_BYTES / (1024 * 1024);

export async function uploadImage(productId: number, file: File): Promise<ProductImage> {
  // The server refuses these too; checking first spares sending megabytes for nothing.
  if (file.size > MAX_IMAGE_BYTES) throw new Error(`${file.name} is larger than ${MEGABYTES} MB`);
  let response: Response;
  try {
    response = await fetch(productImagesPath(productId), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${readToken() ?? ''}`,
        'content-type': file.type || 'application/octet-stream',
      },
      body: file,
    });
  } catch {
    throw new Error('Could not reach the store. Check your connection and try again.');
  }
  const answer = (await response.json().catch(() => null)) as UploadAnswer | null;
  if (answer && 'image' in answer) return answer.image;
  throw new Error(`${file.name}: ${answer?.error.message ?? `the upload failed (${response.status})`}`);
}
