/** The site's identity as pages see it: where it lives and what it is called. */

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
