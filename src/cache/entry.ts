/**
 * The stored form of a page in the Cache API: the rendered response plus what the middleware
 * needs to judge it later (when it was stored, under which generation, with which tags). Those
 * travel as headers on the stored copy and are stripped before a response leaves the Worker.
 * The tags are kept twice: Cloudflare reads `Cache-Tag` for purges but removes it from what
 * cache.match() returns, so `x-cache-tags` is the copy the Worker can read back.
 */

const STORED_AT = 'x-cache-stored-at';
const GENERATION = 'x-cache-generation';
export const TAGS_HEADER = 'x-cache-tags';
/**
 * Headers of the stored copy that clients never see as stored: the metadata, and what every
 * served copy sets afresh (its Cache-Control, Age and x-cache labels).
 */
const INTERNAL_HEADERS = new Set([
  STORED_AT,
  GENERATION,
  'cache-tag',
  'cache-control',
  'age',
  'x-cache',
  'x-cache-rule',
  'x-cache-key',
]);

/** Header name/value pairs, the cheapest form to build a Response from in one call. */
export type HeaderPairs = [string, string][];

export interface StoredEntry {
  status: number;
  /**
   * A stream read from the Cache API (it can be sent once), or bytes kept in memory (each
   * response built from them gets its own stream).
   */
  body: ReadableStream | ArrayBuffer | null;
  /** The headers to serve it with: the stored ones without metadata or labels (servedHeaders). */
  served: HeaderPairs;
  /** Milliseconds since the epoch, by the middleware's clock. */
  storedAt: number;
  generation: number;
  tags: string[];
}

export interface EntryMeta {
  storedAt: number;
  generation: number;
  tags: string[];
  /** How long the Cache API should keep the copy, in seconds. */
  lifetime: number;
}

/**
 * The response to hand to cache.put(): same status, body and headers, plus the metadata.
 *
 * @example
 * await cache.put(key, toStoredResponse(body, 200, headers, { storedAt, generation, tags, lifetime }));
 */
export function toStoredResponse(
  body: ArrayBuffer,
  status: number,
  renderedHeaders: Headers,
  meta: EntryMeta,
): Response {
  const headers = new Headers(renderedHeaders);
  headers.set(STORED_AT, String(meta.storedAt));
  headers.set(GENERATION, String(meta.generation));
  headers.set(TAGS_HEADER, meta.tags.join(','));
  headers.set('cache-tag', meta.tags.join(','));
  headers.set('cache-control', `public, max-age=${meta.lifetime}`);
  return new Response(body, { status, headers });
}

/**
 * Reads a copy returned by cache.match(); null when it lacks our metadata (stored by something
 * else, or by an older format), which the middleware treats as no copy at all.
 */
export function readStoredEntry(response: Response | undefined): StoredEntry | null {
  if (!response) {
    return null;
  }
  const storedAt = Number(response.headers.get(STORED_AT));
  const generation = Number(response.headers.get(GENERATION));
  const tags = response.headers.get(TAGS_HEADER);
  if (!storedAt || !Number.isSafeInteger(generation) || tags === null) {
    return null;
  }
  return {
    status: response.status,
    body: response.body,
    served: servedHeaders(response),
    storedAt,
    generation,
    tags: tags.split(',').filter(Boolean),
  };
}

/** The stored headers fit to send to a client (metadata and labels removed). */
export function servedHeaders(stored: Response | Headers): HeaderPairs {
  const pairs: HeaderPairs = [];
  for (const [name, value] of stored instanceof Headers ? stored : stored.headers) {
    if (!INTERNAL_HEADERS.has(name)) {
      pairs.push([name, value]);
    }
  }
  return pairs;
}
