import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.ts';
import { articleVariant, writeAll } from '../fixtures/articles.ts';
import { inspectHtml } from '../helpers/html.ts';

const SITE = 'http://localhost:8787';

function get(path: string) {
  return exports.default.fetch(`https://alphanode.test${path}`);
}

/** Article links of a listing page, in order. */
async function listedSlugs(res: Response): Promise<string[]> {
  const page = await inspectHtml(await res.text());
  return page.elements
    .filter((e) => e.tag === 'a' && e.attrs.href?.startsWith('/posts/'))
    .map((e) => (e.attrs.href ?? '').slice('/posts/'.length));
}

function slugOf(n: number) {
  return `fixture-article-${n}-about-safer-deployment-steps`;
}

describe('listings', () => {
  beforeAll(async () => {
    // 25 articles: 1..25, newest is 25. Every third is advanced and uses rust + cargo.
    await writeAll(
      createDb(env.DB),
      Array.from({ length: 25 }, (_, i) => i + 1).map((n) =>
        n % 3 === 0
          ? articleVariant(n, {
              difficulty: 'advanced',
              stack: ['rust', 'systems programming'],
              tools: ['cargo', 'ci/cd'],
            })
          : articleVariant(n),
      ),
    );
  });

  it('GET / lists the newest 20 with title, summary, stack and reading time, and links page 2', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    const page = await inspectHtml(html, ['.article-list > li:first-child']);
    const first = page.text['.article-list > li:first-child'] ?? '';
    expect(first).toContain('fixture article 25 about safer deployment steps');
    expect(first).toContain('this ai-style technical summary');
    expect(first).toContain('9 min read');
    expect(first).toContain('python services');
    expect(await listedSlugs(new Response(html))).toEqual(
      Array.from({ length: 20 }, (_, i) => slugOf(25 - i)),
    );
    expect(html).toContain('<a rel="next" href="/?page=2">');
    expect(html).not.toContain('rel="prev"');
    expect(html).toContain(`<link rel="canonical" href="${SITE}/"/>`);
  });

  it('GET /?page=2 shows the rest, links back, and has its own canonical URL', async () => {
    const res = await get('/?page=2');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(await listedSlugs(new Response(html))).toEqual([5, 4, 3, 2, 1].map(slugOf));
    expect(html).toContain('<a rel="prev" href="/">');
    expect(html).not.toContain('rel="next"');
    expect(html).toContain(`<link rel="canonical" href="${SITE}/?page=2"/>`);
  });

  it('a page past the end is a 404', async () => {
    expect((await get('/?page=3')).status).toBe(404);
  });

  it('GET /stack/:name lists only that stack, in one D1 round trip', async () => {
    const res = await get('/stack/rust');
    expect(res.status).toBe(200);
    expect(await listedSlugs(res)).toEqual([24, 21, 18, 15, 12, 9, 6, 3].map(slugOf));
  });

  it('stack names with spaces work through their encoded URL', async () => {
    const res = await get('/stack/systems%20programming');
    expect(res.status).toBe(200);
    expect(await listedSlugs(res)).toHaveLength(8);
  });

  it('GET /tools/:name lists only that tool, even one with a slash in its name', async () => {
    const res = await get(`/tools/${encodeURIComponent('ci/cd')}`);
    expect(res.status).toBe(200);
    expect(await listedSlugs(res)).toHaveLength(8);
    const pytest = await get('/tools/pytest');
    expect(await listedSlugs(pytest)).toHaveLength(17);
  });

  it('GET /difficulty/:level lists only that level, paginated', async () => {
    const res = await get('/difficulty/beginner');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(await listedSlugs(new Response(html))).toHaveLength(17);
    expect(html).not.toContain('rel="next"');
    expect(await listedSlugs(await get('/difficulty/advanced'))).toHaveLength(8);
  });

  it('an unknown stack, tool or difficulty is a 404 page', async () => {
    for (const path of ['/stack/cobol', '/tools/punch-cards', '/difficulty/impossible']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain('<h1>Page not found</h1>');
    }
  });

  it('filtered listings link each card to its stack listing', async () => {
    const html = await (await get('/stack/rust')).text();
    expect(html).toContain('<a href="/stack/systems%20programming">systems programming</a>');
  });
});
