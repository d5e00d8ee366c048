import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../src/db/client.ts';
import { STYLESHEET_PATH } from '../src/pages/stylesheet.ts';
import { withArticlesTableDown } from './cache/helpers.ts';
import { writeAll } from './fixtures/articles.ts';
import { SEED_SLUG, seedArticle } from './fixtures/seed-article.ts';
import { inspectHtml } from './helpers/html.ts';

function get(path: string) {
  return exports.default.fetch(`https://alphanode.test${path}`);
}

const htmlPages = [
  '/',
  `/posts/${SEED_SLUG}`,
  '/search?q=safer',
  '/stack/python',
  '/nope',
  '/?page=x',
];

describe('security headers and the stylesheet', () => {
  beforeAll(async () => {
    await writeAll(createDb(env.DB), [seedArticle]);
  });

  it.each([...htmlPages, '/feed.xml', '/sitemap.xml', '/robots.txt', STYLESHEET_PATH])(
    '%s carries the security headers',
    async (path) => {
      const res = await get(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toMatch(/script-src|unsafe-inline|unsafe-eval/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('permissions-policy')).toContain('camera=()');
    },
  );

  it('a page served from the cache, and the cache’s own 503, carry them too', async () => {
    // Only pages rendered for SITE_URL's host are stored.
    const url = `${env.SITE_URL}/posts/${SEED_SLUG}`;
    await (await exports.default.fetch(url)).text();
    const hit = await exports.default.fetch(url);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(hit.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(hit.headers.get('x-frame-options')).toBe('DENY');

    // Rendering fails and there is no stored copy: the edge cache answers 503 itself.
    const unavailable = await withArticlesTableDown(() => get('/posts/never-stored-before'));
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(unavailable.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each(htmlPages)(
    '%s needs nothing the CSP forbids: no inline script, style or handler',
    async (path) => {
      const page = await inspectHtml(await (await get(path)).text());
      for (const el of page.elements) {
        expect(el.tag).not.toBe('style');
        expect(el.attrs.style).toBeUndefined();
        expect(Object.keys(el.attrs).some((name) => name.startsWith('on'))).toBe(false);
        if (el.tag === 'script') {
          expect(el.attrs.type).toBe('application/ld+json');
          expect(el.attrs.src).toBeUndefined();
        }
      }
      const stylesheets = page.elements.filter(
        (e) => e.tag === 'link' && e.attrs.rel === 'stylesheet',
      );
      expect(stylesheets.map((e) => e.attrs.href)).toEqual([STYLESHEET_PATH]);
    },
  );

  it('serves the stylesheet under its content hash with a year-long immutable cache', async () => {
    const res = await get(STYLESHEET_PATH);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const css = await res.text();
    expect(css).toContain('prefers-color-scheme: dark');
    expect(STYLESHEET_PATH).toMatch(/^\/assets\/site\.[0-9a-f]{8}\.css$/);
  });
});
