/**
 * Product pictures: the card's thumbnail and the product page's gallery. Each
 * `<img>` has its size up front (no layout shift), alt text naming the
 * product, and loads lazily unless it is the picture a page opens on.
 */
import { useState } from 'react';
import type { ProductDetail } from './variant-choice.ts';

/** The served size of the pictures the seed makes; uploads are scaled into the same square box by CSS. */
const BOX = 240;

/** A card's picture, or a plain tile when the product has none yet. */
export function ProductThumb({ url, name }: { url: string | null; name: string }) {
  if (!url) return <div className="product-thumb placeholder" aria-hidden="true" />;
  return (
    <img className="product-thumb" src={url} alt={name} width={BOX} height={BOX} loading="lazy" decoding="async" />
  );
}

/** The product page's pictures: the chosen one large, and a button per picture to choose another. */
export function ProductGallery({ product }: { product: Pick<ProductDetail, 'name' | 'images'> }) {
  const [chosen, setChosen] = useState(0);
  const { images, name } = product;
  const shown = images[chosen] ?? images[0];
  if (!shown) return null;
  const label = (index: number) => (images.length > 1 ? `${name}, picture ${index + 1} of ${images.length}` : name);
  return (
    <figure className="gallery">
      <img className="gallery-main" src={shown.url} alt={label(images.indexOf(shown))} width={BOX} height={BOX} />
      {images.length > 1 && (
        <ul className="gallery-thumbs" aria-label="Pictures">
          {images.map((image, index) => (
            <li key={image.id}>
              <button
                type="button"
                aria-pressed={image === shown}
                aria-label={`Show picture ${index + 1} of ${images.length}`}
                onClick={() => setChosen(index)}
              >
                <img src={image.url} alt="" width={56} height={56} loading="lazy" decoding="async" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
