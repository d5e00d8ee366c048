/**
 * An isolate's own copy of the pages it served most recently, in front of the Cache API.
 *
 * A Cache API read is a call out of the isolate (on Cloudflare to the data center's cache, locally
 * to Miniflare's emulation) and costs more than rendering the response headers. A page this
 * isolate stored or read a moment ago is kept here as bytes, so the next request for it needs no
 * call at all. A copy here is the very entry the Cache API holds, with the same stored time,
 * generation and tags, and the middleware judges it by the same rules: it is served only while
 * its lifetime lasts and none of its tags was invalidated since (generation.ts), so invalidation
 * reaches it within the same bound as the Cache API copies. A Cache-Tag purge alone does not
 * reach it, but invalidate() never purges without bumping the generations.
 *
 * Bounded by bytes (least recently used goes first) so that it stays a small share of the
 * isolate's 128 MB.
 */
import type { StoredEntry } from './entry.ts';

/** What all copies together may hold: about 650 article pages of 12 KB. */
export const HOT_PAGES_MAX_BYTES = 8 * 1024 * 1024;
/** A larger page is not kept: it would push out dozens of ordinary ones. */
export const HOT_PAGE_MAX_BYTES = 256 * 1024;

interface HotPage extends StoredEntry {
  body: ArrayBuffer;
  bytes: number;
}

export class HotPages {
  /** Map keeps insertion order: the first key is the least recently used. */
  readonly #pages = new Map<string, HotPage>();
  #bytes = 0;

  constructor(
    private readonly maxBytes = HOT_PAGES_MAX_BYTES,
    private readonly maxPageBytes = HOT_PAGE_MAX_BYTES,
  ) {}

  get size(): number {
    return this.#pages.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** The kept copy, or null. */
  get(key: string): StoredEntry | null {
    const page = this.#pages.get(key);
    if (!page) {
      return null;
    }
    this.#pages.delete(key);
    this.#pages.set(key, page);
    return page;
  }

  /** Keeps `entry`, whose body must be its bytes (a stream could be sent only once). */
  set(key: string, entry: StoredEntry & { body: ArrayBuffer }): void {
    this.delete(key);
    // Headers count roughly: the body dominates, and an exact figure is not needed for a bound.
    const bytes = entry.body.byteLength + 1024;
    if (bytes > this.maxPageBytes) {
      return;
    }
    this.#pages.set(key, { ...entry, bytes });
    this.#bytes += bytes;
    for (const [oldest, page] of this.#pages) {
      if (this.#bytes <= this.maxBytes) {
        break;
      }
      this.#pages.delete(oldest);
      this.#bytes -= page.bytes;
    }
  }

  delete(key: string): void {
    const page = this.#pages.get(key);
    if (page) {
      this.#pages.delete(key);
      this.#bytes -= page.bytes;
    }
  }
}
