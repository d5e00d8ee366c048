/**
 * Old URLs and non-canonical article URLs, answered with a 301 to the article's one address,
 * /posts/<slug>: the site an import came from had other URLs (a Zola `path`, Hugo `aliases`,
 * WordPress permalinks, with or without ".html" or a trailing "/"), and links to them live on
 * in search engines and other people's pages. It is the app's not-found handler: it answers
 * only what no route does, behind the same middleware (the cache's `old-url` rule).
 */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { normalizeOldUrl } from '../content/old-urls.ts';
import { isPlausibleSlug } from '../content/slug.ts';
import { findRedirect } from '../db/redirect-queries.ts';
import { notFound } from './error-responses.tsx';

/** The 301 itself. Location is a path: the browser resolves it on the host it asked. */
export function movedTo(c: Context<AppEnv>, slug: string): Response {
  // An import may re-point the old URL: the cache tags this answer so (pageContentTags).
  c.set('redirectedTo', slug);
  return c.redirect(`/posts/${slug}`, 301);
}

/**
 * The canonical slug of an article URL written another way (/posts/My-Post, /posts/my-post/),
 * found without reading D1, or null when `pathname` is not such a URL.
 *
 * @example
 * canonicalSlug('/posts/My-Post/') // 'my-post'
 * canonicalSlug('/posts/my-post') // null (already canonical)
 */
export function canonicalSlug(pathname: string): string | null {
  const match = /^\/posts\/([^/]+)\/*$/.exec(pathname);
  if (!match) {
    return null;
  }
  let raw: string;
  try {
    raw = decodeURIComponent(match[1] as string);
  } catch {
    return null;
  }
  const slug = raw.toLowerCase().replace(/\.html?$/, '');
  return isPlausibleSlug(slug) && `/posts/${slug}` !== pathname ? slug : null;
}

/**
 * Answers a request no page matched: a 301 to the canonical article URL, or to the article an
 * old URL belongs to, or the 404 page.
 */
export async function answerOldUrl(c: Context<AppEnv>): Promise<Response> {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    return notFound(c);
  }
  const url = new URL(c.req.url);
  const canonical = canonicalSlug(url.pathname);
  if (canonical !== null) {
    return movedTo(c, canonical);
  }
  const path = normalizeOldUrl(url.pathname + url.search);
  if (path === null || path === '/') {
    return notFound(c);
  }
  const slug = await findRedirect(c.var.db, path);
  return slug === null ? notFound(c) : movedTo(c, slug);
}
