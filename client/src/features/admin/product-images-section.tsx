/**
 * A product's pictures for an admin: each in order (the first is the one the
 * shop's cards show), moved earlier or later, deleted, and new ones uploaded.
 * Every change refreshes the product and the catalog's cached pages.
 */
import { useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import { IMAGE_ACCEPT } from '../../../../src/shared/images.ts';
import { MAX_IMAGE_BYTES, MAX_IMAGES_PER_PRODUCT } from '../../../../src/shared/limits.ts';
import { queryClient, trpc } from '../../api.ts';
import { ErrorNotice } from '../../ui.tsx';
import type { ProductDetail } from '../catalog/variant-choice.ts';
import { uploadImage } from './image-upload.ts';

const refreshCatalog = () => void queryClient.invalidateQueries(trpc.catalog.pathFilter());

export function ProductImagesSection({ product }: { product: ProductDetail }) {
  const titleId = useId();
  const inputId = useId();
  const upload = useMutation({
    mutationFn: async (files: File[]) => {
      for (const file of files) await uploadImage(product.id, file);
    },
    onSettled: refreshCatalog,
  });
  const remove = useMutation(trpc.catalog.deleteImage.mutationOptions({ onSettled: refreshCatalog }));
  const reorder = useMutation(
    trpc.catalog.reorderImages.mutationOptions({
      onSuccess: (updated) => queryClient.setQueryData(trpc.catalog.product.queryKey({ id: updated.id }), updated),
      onSettled: refreshCatalog,
    }),
  );
  const { images } = product;
  const busy = upload.isPending || remove.isPending || reorder.isPending;
  const full = images.length >= MAX_IMAGES_PER_PRODUCT;

  const move = (index: number, by: -1 | 1) => {
    const ids = images.map((image) => image.id);
    [ids[index], ids[index + by]] = [ids[index + by] as number, ids[index] as number];
    reorder.mutate({ productId: product.id, imageIds: ids });
  };

  return (
    <section aria-labelledby={titleId} className="card product-images-admin">
      <h2 id={titleId}>Pictures</h2>
      {images.length === 0 ? (
        <p className="hint">No pictures yet: the shop shows a plain tile.</p>
      ) : (
        <ol className="image-list">
          {images.map((image, index) => {
            const name = `picture ${index + 1}`;
            return (
              <li key={image.id}>
                <img src={image.url} alt={`${product.name}, ${name}`} width={72} height={72} loading="lazy" />
                <span>{index === 0 ? 'First (on the shop’s cards)' : `Picture ${index + 1}`}</span>
                <span className="image-actions">
                  <button
                    type="button"
                    disabled={busy || index === 0}
                    onClick={() => move(index, -1)}
                    aria-label={`Move ${name} earlier`}
                  >
                    Earlier
                  </button>
                  <button
                    type="button"
                    disabled={busy || index === images.length - 1}
                    onClick={() => move(index, 1)}
                    aria-label={`Move ${name} later`}
                  >
                    Later
                  </button>
                  <button
                    type="button"
                    className="link-button"
                    disabled={busy}
                    onClick={() => remove.mutate({ id: image.id })}
                    aria-label={`Delete ${name}`}
                  >
                    Delete
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
      )}
      <div className="field">
        <label htmlFor={inputId}>Add pictures</label>
        <input
          id={inputId}
          type="file"
          accept={IMAGE_ACCEPT}
          multiple
          disabled={busy || full}
          aria-describedby={`${inputId}-hint`}
          onChange={(event) => {
            const files = [...(event.currentTarget.files ?? [])];
            event.currentTarget.value = '';
            if (files.length > 0) upload.mutate(files);
          }}
        />
        <p id={`${inputId}-hint`} className="hint">
          JPEG, PNG or WebP, up to {MAX_IMAGE_BYTES / (1024 * 1024)} MB each; at most {MAX_IMAGES_PER_PRODUCT} pictures
          {full ? ' (this product has them all)' : ''}.
        </p>
      </div>
      <p role="status" className="hint">
        {upload.isPending ? 'Uploading…' : upload.isSuccess ? 'Uploaded' : ''}
      </p>
      {[upload.error, remove.error, reorder.error].map(
        (error, index) => error && <ErrorNotice key={['upload', 'remove', 'reorder'][index]} error={error} />,
      )}
    </section>
  );
}
