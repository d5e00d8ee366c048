/**
 * The site's configuration in one place: its identity as pages see it (where it lives, what it is
 * called), the paths of its pages, and `siteOf`, which reads the identity from the Worker's
 * configuration (env SITE_URL, SITE_NAME).
 */
import type { Context } from 'hono';
import type { AppEnv } from './app-env.ts';

export interface Site {
  /** The configured public origin (env SITE_URL) without a trailing slash. */
  url: string;
  name: string;
}

/**
 * The absolute URL of a path on the site. Canonical links, OpenGraph, feeds and the sitemap all
 * build URLs here, from configuration only: never from the request's Host header, which anyone
 * can set and which would then be cached for everybody.
 *
 * @example
 * absoluteUrl({ url: 'https://example.com', name: 'x' }, '/posts/a') // 'https://example.com/posts/a'
 */
export function absoluteUrl(site: Site, path: string): string {
  return `${site.url}${path.startsWith('/') ? path : `/${path}`}`;
}

/** Paths of the site's pages, so every link to a page is built one way. */
export const paths = {
  article: (slug: string) => `/posts/${encodeURIComponent(slug)}`,
  stack: (name: string) => `/stack/${encodeURIComponent(name)}`,
  tool: (name: string) => `/tools/${encodeURIComponent(name)}`,
  tag: (name: string) => `/tags/${encodeURIComponent(name)}`,
  difficulty: (level: string) => `/difficulty/${encodeURIComponent(level)}`,
  /** `base` with `?page=N`, or `base` alone for page 1 so each page has one URL. */
  page: (base: string, page: number) => (page > 1 ? `${base}?page=${page}` : base),
  search: (query: string, page = 1) => {
    const params = new URLSearchParams({ q: query });
    if (page > 1) {
      params.set('page', String(page));
    }
    return `/search?${params}`;
  },
};

const configured = new Map<string, Site>();

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
  let site = configured.get(key);
  if (!site) {
    const url = new URL(c.env.SITE_URL);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error(`SITE_URL must be an http(s) URL, got "${c.env.SITE_URL}"`);
    }
    site = { url: `${url.origin}${url.pathname}`.replace(/\/+$/, ''), name: c.env.SITE_NAME };
    configured.set(key, site);
  }
  return site;
}
