/** ETags for cached pages and the If-None-Match check that turns a repeat visit into a 304. */

/**
 * A strong ETag from the body bytes: equal bodies, equal tags, whichever isolate rendered them.
 *
 * @example
 * await bodyEtag(new TextEncoder().encode('hi')) // '"8f434346648f6b96df89dda901c5176b"'
 */
export async function bodyEtag(body: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  const hex = [...digest.subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `"${hex}"`;
}

/**
 * True when If-None-Match names `etag` (weak comparison, as RFC 9110 requires for it) or is `*`.
 *
 * @example
 * ifNoneMatchHits('W/"abc", "def"', '"abc"') // true
 */
export function ifNoneMatchHits(ifNoneMatch: string | null, etag: string | null): boolean {
  if (!ifNoneMatch || !etag) {
    return false;
  }
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = opaque(candidate);
    return tag === '*' || tag === wanted;
  });
}
