/**
 * The seed's pictures: real PNGs (checked chunk by chunk, as a decoder would),
 * of formats the upload route accepts, each under its own stable key.
 */
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SEED_PRODUCTS } from '../../scripts/seed-data.ts';
import { encodePng, seedImages } from '../../scripts/seed-images.ts';
import { sniffImageType } from '../../src/modules/catalog/image-type.ts';
import { IMAGE_KEY_PATTERN } from '../../src/shared/images.ts';
import { MAX_IMAGES_PER_PRODUCT } from '../../src/shared/limits.ts';

/** The chunks of a PNG, each checked against its CRC. */
function chunks(png: Uint8Array) {
  const bytes = Buffer.from(png);
  const found: Array<{ type: string; data: Buffer }> = [];
  for (let offset = 8; offset < bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    const typeAndData = bytes.subarray(offset + 4, offset + 8 + length);
    expect(bytes.readUInt32BE(offset + 8 + length)).toBe(crc32(typeAndData));
    found.push({ type: typeAndData.subarray(0, 4).toString('latin1'), data: typeAndData.subarray(4) });
    offset += length + 12;
  }
  return found;
}

describe('encodePng', () => {
  it('writes a PNG signature, IHDR, IDAT and IEND whose rows inflate to the pixels given', () => {
    const png = encodePng(3, 2, (x, y) => [x * 10, y * 20, 255]);
    expect(sniffImageType(png)).toBe('image/png');
    const [header, data, end] = chunks(png);
    expect(header?.type).toBe('IHDR');
    expect([header?.data.readUInt32BE(0), header?.data.readUInt32BE(4), ...(header?.data.subarray(8) ?? [])]).toEqual([
      3, 2, 8, 2, 0, 0, 0,
    ]);
    expect(data?.type).toBe('IDAT');
    expect([...inflateSync(data?.data ?? Buffer.alloc(0))]).toEqual([
      0, 0, 0, 255, 10, 0, 255, 20, 0, 255, 0, 0, 20, 255, 10, 20, 255, 20, 20, 255,
    ]);
    expect(end).toEqual({ type: 'IEND', data: Buffer.alloc(0) });
  });
});

describe('seedImages', () => {
  const images = seedImages();

  it('gives every product on sale a picture, none more than a product may have', () => {
    const active = SEED_PRODUCTS.filter((product) => product.isActive !== false).map((product) => product.name);
    expect(new Set(images.map((image) => image.product))).toEqual(new Set(active));
    for (const name of active) {
      const positions = images.filter((image) => image.product === name).map((image) => image.position);
      expect(positions).toEqual(positions.map((_, index) => index));
      expect(positions.length).toBeLessThanOrEqual(MAX_IMAGES_PER_PRODUCT);
    }
  });

  it('makes small PNGs under unique keys the server could have made, the same on every run', () => {
    for (const image of images) {
      expect(sniffImageType(image.bytes)).toBe('image/png');
      expect(image.key).toMatch(IMAGE_KEY_PATTERN);
      expect(image.bytes.byteLength).toBeLessThan(10_000);
    }
    expect(new Set(images.map((image) => image.key)).size).toBe(images.length);
    expect(seedImages().map((image) => image.key)).toEqual(images.map((image) => image.key));
  });
});
