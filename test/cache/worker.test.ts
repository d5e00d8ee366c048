/**
 * The Worker as deployed (src/index.ts, caches.default, the real clock): every cacheable route
 * answers MISS, then HIT without touching D1; never-cached routes stay live.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { similarPosts } from '../../src/db/schema.ts';
import worker from '../../src/index.ts';
import { STYLESHEET_PATH } from '../../src/pages/stylesheet.ts';
import { articleVariant, writeAll } from '../fixtures/articles.ts';
import { SEED_SLUG, seedArticle } from '../fixtures/seed-article.ts';
import { db } from './helpers.ts';

async function fetchWorker(path: string, init?: RequestInit) {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`${env.SITE_URL}${path}`, init), env, ctx);
  const body = await response.text();
  await waitOnExecutionContext(ctx);
  return { response, body, header: (name: string) => response.headers.get(name) };
}

beforeAll(async () => {
  await writeAll(db, [seedArticle, ...Array.from({ length: 24 }, (_, i) => articleVariant(i + 1))]);
  const ids = (await env.DB.prepare('select id from articles order by id').all<{ id: number }>())
    .results;
  await db.insert(similarPosts).values({
    articleId: ids[0]?.id ?? 0,
    rank: 1,
    similarArticleId: ids[1]?.id ?? 0,
    score: 0.8,
    reason: 'shared stack',
  });
});

describe('the deployed Worker', () => {
  it.each([
    [`/posts/${SEED_SLUG}`, 'article'],
    ['/', 'home'],
    ['/?page=2', 'home'],
    ['/stack/python', 'listing'],
    ['/tools/pytest', 'listing'],
    ['/difficulty/beginner', 'listing'],
    ['/stack', 'topics'],
    ['/tools', 'topics'],
    ['/difficulty', 'topics'],
    ['/search?q=safer+deployment', 'search'],
    ['/feed.xml', 'feeds'],
    ['/sitemap.xml', 'feeds'],
    ['/robots.txt', 'robots'],
    [STYLESHEET_PATH, 'static'],
  ])('%s: MISS, then HIT with zero D1 calls (rule %s)', async (path, rule) => {
    const miss = await fetchWorker(path);
    expect(miss.response.status).toBe(200);
    expect(miss.header('x-cache')).toBe('MISS');
    expect(miss.header('x-cache-rule')).toBe(rule);
    const hit = await fetchWorker(path);
    expect(hit.header('x-cache')).toBe('HIT');
    expect(hit.header('x-db-calls')).toBe('0');
    expect(hit.header('server-timing')).toContain('cache;desc="HIT"');
    expect(hit.body).toBe(miss.body);
    // Headers the outer middleware adds are there on a HIT too.
    expect(hit.header('content-security-policy')).toBeTruthy();
    expect(hit.header('x-request-id')).not.toBe(miss.header('x-request-id'));
  });

  it('tags an article page with the articles its similar-posts box links to', async () => {
    const page = await fetchWorker(`/posts/${SEED_SLUG}`, {
      headers: { 'x-admin-token': env.ADMIN_TOKEN ?? '' },
    });
    expect(page.header('x-cache-tags')?.split(',')).toEqual(
      expect.arrayContaining([
        `article:${SEED_SLUG}`,
        'links-to:fixture-article-1-about-safer-deployment-steps',
        'site',
      ]),
    );
  });

  it('keeps the stylesheet immutable for browsers', async () => {
    await fetchWorker(STYLESHEET_PATH);
    const hit = await fetchWorker(STYLESHEET_PATH);
    expect(hit.header('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('never caches /healthz', async () => {
    for (let i = 0; i < 2; i += 1) {
      const health = await fetchWorker('/healthz');
      expect(health.header('x-cache')).toBe('BYPASS');
      expect(health.header('x-cache-bypass')).toBe('rule=never');
      expect(Number(health.header('x-db-calls'))).toBeGreaterThan(0);
    }
  });
});
