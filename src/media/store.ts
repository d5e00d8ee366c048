/**
 * Imported images in R2 (the MEDIA binding): one object per distinct file, named after a hash of
 * its bytes, so a name always means the same bytes. The importer stores them (src/import/media.ts);
 * the /media route serves them (src/routes/media.ts) with immutable caching, which the hashed
 * name makes safe.
 */
import { imageSize } from 'image-size';

/** Larger files are refused (for the article that shows them): a web image is far smaller. */
export const MAX_MEDIA_BYTES = 10 * 1024 * 1024;

/** Hex digits of the SHA-256 kept in the key: 64 bits, no collision in any blog's lifetime. */
const HASH_DIGITS = 16;

/** Formats a browser shows in <img>, by image-size's type name: the key's extension and type. */
const WEB_IMAGES: Record<string, { ext: string; contentType: string }> = {
  png: { ext: 'png', contentType: 'image/png' },
  jpg: { ext: 'jpg', contentType: 'image/jpeg' },
  gif: { ext: 'gif', contentType: 'image/gif' },
  webp: { ext: 'webp', contentType: 'image/webp' },
  avif: { ext: 'avif', contentType: 'image/avif' },
  svg: { ext: 'svg', contentType: 'image/svg+xml' },
  ico: { ext: 'ico', contentType: 'image/x-icon' },
};

/** A stored key: "<16 hex>.<ext>"; anything else is not ours (the route answers 404). */
export const MEDIA_KEY = /^[0-9a-f]{16}\.(png|jpg|gif|webp|avif|svg|ico)$/;

/** Where the importer puts media: R2 in the Worker, Miniflare's R2 locally, wrangler remotely. */
export interface MediaStore {
  has(key: string): Promise<boolean>;
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
}

export interface MediaFile {
  key: string;
  contentType: string;
  width: number;
  height: number;
  bytes: number;
}

/**
 * What an image file becomes: its key, type and size; an error message when it is not an image
 * a browser shows (the caller names the file and the line).
 *
 * @example
 * const media = await describeImage(pngBytes);
 * // { ok: true, file: { key: '3f2a…9c.png', contentType: 'image/png', width: 1, height: 1, bytes: 68 } }
 */
export async function describeImage(
  bytes: Uint8Array,
): Promise<{ ok: true; file: MediaFile } | { ok: false; message: string }> {
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch {
    return { ok: false, message: 'is not an image (its bytes are in no image format known)' };
  }
  const format = WEB_IMAGES[size.type ?? ''];
  if (!format) {
    return {
      ok: false,
      message: `is a ${size.type} image; expected one browsers show (${Object.keys(WEB_IMAGES).join(', ')})`,
    };
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const hash = [...digest]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, HASH_DIGITS);
  return {
    ok: true,
    file: {
      key: `${hash}.${format.ext}`,
      contentType: format.contentType,
      width: size.width,
      height: size.height,
      bytes: bytes.length,
    },
  };
}

/** The store over an R2 binding (the Worker, the tests, Miniflare from Node). */
export function r2MediaStore(bucket: Pick<R2Bucket, 'head' | 'put'>): MediaStore {
  return {
    has: async (key) => (await bucket.head(key)) !== null,
    put: async (key, bytes, contentType) => {
      await bucket.put(key, bytes, { httpMetadata: { contentType } });
    },
  };
}
