/**
 * What a reader meets on a fresh site: the topic indexes linked from the header, listings that
 * say where the reader is ("Page N of M"), no empty lists, 405 for methods a page does not take,
 * and internal cache headers shown to the operator only.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.ts';
import worker from '../../src/index.ts';
import { articleVariant, writeAll } from '../fixtures/articles.ts';
import { inspectHtml } from '../helpers/html.ts';

function get(path: string, init?: RequestInit) {
  return exports.default.fetch(new Request(`https://alphanode.test${path}`, init));
}

/** A request to the Worker that returns once its background work (cache.put) is done. */
async function settled(path: string, headers: Record<string, string> = {}) {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`${env.SITE_URL}${path}`, { headers }), env, ctx);
  await response.text();
  await waitOnExecutionContext(ctx);
  return response;
}

/** The links of a topic index: name → the count text beside it. */
async function topicLinks(path: string): Promise<Record<string, string>> {
  const html = await (await get(path)).text();
  const found: Record<string, string> = {};
  for (const m of html.matchAll(
    /<li><a href="([^"]+)">([^<]+)<\/a> <span class="count">([^<]+)<\/span><\/li>/g,
  )) {
    found[`${m[2]} ${m[1]}`] = m[3] ?? '';
  }
  return found;
}

describe('readers', () => {
  beforeAll(async () => {
    // 23 articles: every one uses git; 1..3 also use Rust + cargo; 4 has no stack at all.
    await writeAll(
      createDb(env.DB),
      Array.from({ length: 23 }, (_, i) => i + 1).map((n) =>
        articleVariant(n, {
          stack: n <= 3 ? ['rust', 'systems'] : n === 4 ? [] : ['python'],
          tools: n <= 3 ? ['cargo', 'git'] : ['git'],
          difficulty: n <= 3 ? 'advanced' : 'beginner',
        }),
      ),
    );
  });

  it('lists every stack, tool and difficulty with its article count, most articles first', async () => {
    expect(await topicLinks('/stack')).toEqual({
      'python /stack/python': '19 articles',
      'rust /stack/rust': '3 articles',
      'systems /stack/systems': '3 articles',
    });
    expect(await topicLinks('/tools')).toEqual({
      'git /tools/git': '23 articles',
      'cargo /tools/cargo': '3 articles',
    });
    expect(await topicLinks('/difficulty')).toEqual({
      'beginner /difficulty/beginner': '20 articles',
      'advanced /difficulty/advanced': '3 articles',
    });
    const html = await (await get('/tools')).text();
    expect(html.indexOf('/tools/git')).toBeLessThan(html.indexOf('/tools/cargo'));
    expect(html).toContain('<link rel="canonical" href="http://localhost:8787/tools"/>');
  });

  it('links the topic indexes from the header of every page', async () => {
    for (const path of ['/', '/stack', '/posts/fixture-article-1-about-safer-deployment-steps']) {
      const html = await (await get(path)).text();
      const nav = /<nav class="site-nav"[^>]*>(.*?)<\/nav>/.exec(html)?.[1] ?? '';
      const page = await inspectHtml(nav);
      const links = page.elements.filter((e) => e.tag === 'a').map((e) => e.attrs.href);
      expect(links, path).toEqual(['/', '/tags', '/stack', '/tools', '/difficulty', '/feed.xml']);
    }
  });

  it('shows "Page N of M" and the total on listings', async () => {
    const first = await (await get('/tools/git')).text();
    expect(first).toContain('Page 1 of 2');
    expect(first).toContain('23 articles.');
    const second = await (await get('/tools/git?page=2')).text();
    expect(second).toContain('Page 2 of 2');
    expect(second).not.toContain('rel="next"');
    // One page only: no pagination at all.
    expect(await (await get('/tools/cargo')).text()).not.toContain('class="pagination"');
  });

  it('renders no empty tag list and no aria-label on a plain list', async () => {
    for (const path of ['/', '/posts/fixture-article-4-about-safer-deployment-steps']) {
      const html = await (await get(path)).text();
      expect(html, path).not.toMatch(/<ul class="tags"><\/ul>/);
      expect(html, path).not.toMatch(/<ul[^>]*aria-label/);
    }
  });

  it.each([
    ['POST', '/'],
    ['PUT', '/posts/fixture-article-1-about-safer-deployment-steps'],
    ['DELETE', '/stack/python'],
    ['PATCH', '/tools'],
    ['POST', '/search?q=git'],
    ['POST', '/feed.xml'],
  ])('answers %s %s with 405 and Allow: GET, HEAD', async (method, path) => {
    const res = await get(path, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(await res.text()).toContain(`${method} is not allowed here`);
  });

  it('still answers 404 to any method on a path that is not a page', async () => {
    expect((await get('/no/such/page', { method: 'POST' })).status).toBe(404);
    expect((await get('/no/such/page')).status).toBe(404);
  });

  it('serves HEAD wherever GET is served', async () => {
    const res = await get('/stack', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('shows x-cache-key and x-cache-tags only to a request carrying the admin token', async () => {
    const path = '/stack/python';
    await settled(path);
    const visitor = await settled(path);
    expect(visitor.headers.get('x-cache')).toBe('HIT');
    expect(visitor.headers.has('x-cache-key')).toBe(false);
    expect(visitor.headers.has('x-cache-tags')).toBe(false);
    const wrong = await settled(path, { 'x-admin-token': 'guess' });
    expect(wrong.headers.has('x-cache-key')).toBe(false);
    const operator = await settled(path, { 'x-admin-token': env.ADMIN_TOKEN ?? '' });
    expect(operator.headers.get('x-cache')).toBe('HIT');
    expect(operator.headers.get('x-cache-key')).toContain('/stack/python');
    expect(operator.headers.get('x-cache-tags')).toContain('stack:python');
  });
});
