/**
 * The demo catalog's pictures, made here rather than downloaded: small flat
 * PNGs (a tinted card with a disc, in a colour taken from the product's name),
 * one per active product and three for the first tees, so the storefront has
 * a gallery to show. `seedImages()` is deterministic; seed.ts writes their
 * rows, and `putSeedImages` puts their bytes into the local R2 bucket that
 * `wrangler dev` simulates, under the same keys.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import { SEED_PRODUCTS } from './seed-data.ts';

const SIZE = 240;
/** Products that get a small gallery instead of one picture. */
const GALLERY = new Set(['Classic Cotton Tee', 'Merino Tee', 'Zip Hoodie']);
const GALLERY_SIZE = 3;

export type SeedImage = { product: string; position: number; key: string; bytes: Uint8Array; contentType: 'image/png' };

type Rgb = readonly [number, number, number];

/** What this script uses of the simulated R2 bucket (Node has no Workers types). */
type LocalBucket = {
  put(key: string, value: Uint8Array, options: { httpMetadata: { contentType: string } }): Promise<unknown>;
};

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const framed = Buffer.alloc(body.length + 8);
  framed.writeUInt32BE(data.length, 0);
  body.copy(framed, 4);
  framed.writeUInt32BE(crc32(body), body.length + 4);
  return framed;
}

/** A minimal PNG encoder: 8-bit RGB, no interlace, every row with filter 0 (none). */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgb): Uint8Array {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const start = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) rows.set(pixel(x, y), start + 1 + x * 3);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** A colour of hue `hue` (0-360) at the given lightness, as RGB. */
function hsl(hue: number, saturation: number, lightness: number): Rgb {
  const a = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    return Math.round(255 * (lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [channel(0), channel(8), channel(4)];
}

/** Picture `position` of a product: the hue comes from its name, the disc moves with the position. */
function picture(name: string, position: number): Uint8Array {
  const hue = createHash('sha256').update(name).digest().readUInt16BE(0) % 360;
  const [background, card, disc] = [
    hsl(hue, 0.45, 0.82),
    hsl(hue, 0.35, 0.94),
    hsl((hue + 30 * position) % 360, 0.6, 0.5),
  ];
  const centre = { x: SIZE * (0.5 + 0.12 * (position - 1) * (position % 2 === 0 ? 1 : -1)), y: SIZE * 0.5 };
  const radius = SIZE * (0.26 - 0.03 * position);
  return encodePng(SIZE, SIZE, (x, y) => {
    if ((x - centre.x) ** 2 + (y - centre.y) ** 2 <= radius ** 2) return disc;
    const margin = SIZE * 0.1;
    return x > margin && x < SIZE - margin && y > margin && y < SIZE - margin ? card : background;
  });
}

/** Every seed picture, with its key: a hash of the product, the position and the bytes (unique, and the same every run). */
export function seedImages(): SeedImage[] {
  return SEED_PRODUCTS.filter((product) => product.isActive !== false).flatMap((product) =>
    Array.from({ length: GALLERY.has(product.name) ? GALLERY_SIZE : 1 }, (_, position) => {
      const bytes = picture(product.name, position);
      const hash = createHash('sha256').update(`${product.name}\n${position}\n`).update(bytes).digest('hex');
      return {
        product: product.name,
        position,
        key: `${hash.slice(0, 32)}.png`,
        bytes,
        contentType: 'image/png' as const,
      };
    }),
  );
}

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where `wrangler dev` keeps local state when not given --persist-to. */
const DEFAULT_PERSIST_TO = join(REPO_ROOT, '.wrangler', 'state');

/**
 * Puts the seed pictures into the local R2 bucket of `wrangler dev
 * --persist-to <persistTo>`, through wrangler's own local simulation
 * (getPlatformProxy on wrangler.toml), so the Worker finds them under
 * the keys the seeded rows name. Run it before `wrangler dev` starts.
 */
export async function putSeedImages(persistTo = DEFAULT_PERSIST_TO, images = seedImages()): Promise<number> {
  const { getPlatformProxy } = await import('wrangler');
  const proxy = await getPlatformProxy<{ IMAGES: LocalBucket }>({
    configPath: join(REPO_ROOT, 'wrangler.toml'),
    // wrangler dev keeps each simulated resource under <persist-to>/v3.
    persist: { path: join(persistTo, 'v3') },
  });
  try {
    for (const image of images) {
      await proxy.env.IMAGES.put(image.key, image.bytes, { httpMetadata: { contentType: image.contentType } });
    }
  } finally {
    await proxy.dispose();
  }
  return images.length;
}
