/** Which rendered responses may be stored, and why not when they may not (`x-cache-not-stored`). */
import { siteOrigin } from './key.ts';
import type { CachedRule } from './rules.ts';

/**
 * Why a rendered response must not be stored, or null when it may.
 *
 * @example
 * notStoredReason(response, rule, new URL(c.req.url), c.env.SITE_URL, 12) // 'set-cookie'
 */
export function notStoredReason(
  rendered: Response,
  rule: CachedRule,
  requestUrl: URL,
  siteUrl: string,
  generation: number | null,
): string | null {
  const storable =
    rendered.status === 200 ||
    (rendered.status === 404 && rule.notFoundTtl > 0) ||
    (rendered.status === 301 && rule.storeRedirects === true);
  if (!storable) {
    return `status=${rendered.status}`;
  }
  if (rendered.headers.has('set-cookie')) {
    return 'set-cookie';
  }
  const directive = (rendered.headers.get('cache-control') ?? '')
    .toLowerCase()
    .match(/\b(private|no-store|no-cache)\b/);
  if (directive) {
    return `cache-control=${directive[1]}`;
  }
  // Keys use SITE_URL's origin, so a page rendered for another host (which might carry that
  // host in its links) must not become the page everyone gets.
  if (requestUrl.host !== new URL(siteOrigin(siteUrl)).host) {
    return 'host';
  }
  if (generation === null) {
    return 'generation-unavailable';
  }
  return null;
}
