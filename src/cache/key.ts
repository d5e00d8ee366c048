/**
 * Cache keys. A key is the configured SITE_URL's origin (never the request's Host header, which a
 * client controls), the path, and only the query parameters the rule names, sorted, so that
 * tracking parameters (utm_*, fbclid, gclid, ...) and parameter order cannot split one page into
 * many entries or let a client fill the cache with junk keys.
 *
 * A key parameter has one value in the key: the first, read with Hono's own query parser (the
 * one the routes read it with), so the key names exactly the page the route renders and
 * `/?page=1&page=x1&page=x2…` is one entry, not one per junk value (src/cache/rules.ts,
 * KEY_PARAMETER_RULES, documents this).
 *
 * The deployed version is part of the key: a deploy that changes the markup starts from an empty
 * cache instead of serving pages rendered by the previous version.
 */

import { getQueryParam } from 'hono/utils/url';

/** Name of the key parameter carrying the deployed version; no rule keeps a parameter by that name. */
export const VERSION_PARAM = '__version';

// A Worker has one SITE_URL: parse it once, not on every request.
let lastSiteUrl: string | undefined;
let lastOrigin = '';

/**
 * The origin pages are cached under.
 *
 * @example
 * siteOrigin('https://alphanode.dev/') // 'https://alphanode.dev'
 */
export function siteOrigin(siteUrl: string): string {
  if (siteUrl === lastSiteUrl) {
    return lastOrigin;
  }
  try {
    lastOrigin = new URL(siteUrl).origin;
    lastSiteUrl = siteUrl;
    return lastOrigin;
  } catch {
    throw new Error(
      `SITE_URL must be an absolute URL such as https://example.com, got "${siteUrl}"`,
    );
  }
}

let lastVersion: string | undefined;
let lastVersionQuery = '';

function versionQuery(version: string): string {
  if (version !== lastVersion) {
    lastVersionQuery = new URLSearchParams([[VERSION_PARAM, version]]).toString();
    lastVersion = version;
  }
  return lastVersionQuery;
}

/**
 * The cache key of a request URL under a rule keeping `keyParams`.
 *
 * @example
 * cacheKey('https://alphanode.dev', new URL('http://x/search?utm_source=a&page=2&q=go'), ['q', 'page'])
 * // 'https://alphanode.dev/search?page=2&q=go'
 */
export function cacheKey(
  siteUrl: string,
  url: URL,
  keyParams: readonly string[],
  version?: string,
): string {
  if (!url.search) {
    // The common case, without building and sorting parameter lists.
    return `${siteOrigin(siteUrl)}${url.pathname}${version ? `?${versionQuery(version)}` : ''}`;
  }
  const href = url.href;
  const kept: [string, string][] = [];
  for (const name of [...keyParams].sort()) {
    // The first value only, as c.req.query(name) returns it: the rest never reach the route.
    const value = getQueryParam(href, name);
    if (typeof value === 'string') {
      kept.push([name, value]);
    }
  }
  if (version) {
    kept.push([VERSION_PARAM, version]);
  }
  const query = new URLSearchParams(kept).toString();
  return `${siteOrigin(siteUrl)}${url.pathname}${query ? `?${query}` : ''}`;
}
