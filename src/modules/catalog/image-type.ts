/**
 * What an uploaded file is, read from its first bytes (its "magic number"),
 * never from the Content-Type the client declared: a browser or a script may
 * say anything there, and the type is what the Worker later serves it as.
 */
import type { ImageContentType } from '../../shared/images.ts';

const SIGNATURES: ReadonlyArray<{ contentType: ImageContentType; matches: (bytes: Uint8Array) => boolean }> = [
  // JPEG: SOI marker and the first segment's marker byte.
  { contentType: 'image/jpeg', matches: (bytes) => startsWith(bytes, [0xff, 0xd8, 0xff]) },
  // PNG: the fixed 8-byte signature.
  { contentType: 'image/png', matches: (bytes) => startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  // WebP: a RIFF container ("RIFF", a 4-byte size, then "WEBP").
  {
    contentType: 'image/webp',
    matches: (bytes) =>
      startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes.subarray(8), [0x57, 0x45, 0x42, 0x50]),
  },
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

/** The image format the bytes start with, or undefined when they are not a JPEG, PNG or WebP. */
export function sniffImageType(bytes: Uint8Array): ImageContentType | undefined {
  return SIGNATURES.find((signature) => signature.matches(bytes))?.contentType;
}
