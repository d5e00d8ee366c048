/** The Site that pages render with, read from configuration (env SITE_URL, SITE_NAME). */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { Site } from '../pages/site.ts';

const cache = new Map<string, Site>();

/**
 * The configured site. SITE_URL must be an absolute http(s) URL; a misconfigured one fails every
 * page loudly rather than printing broken canonical links. The request's Host and
 * X-Forwarded-Host are deliberately never consulted.
 *
 * @example
 * siteOf(c) // { url: 'https://alphanode.example', name: 'alphanode' }
 */
export function siteOf(c: Context<AppEnv>): Site {
  const key = `${c.env.SITE_URL}\n${c.env.SITE_NAME}`;
  let site = cache.get(key);
  if (!site) {
    const url = new URL(c.env.SITE_URL);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error(`SITE_URL must be an http(s) URL, got "${c.env.SITE_URL}"`);
    }
    site = { url: `${url.origin}${url.pathname}`.replace(/\/+$/, ''), name: c.env.SITE_NAME };
    cache.set(key, site);
  }
  return site;
}
