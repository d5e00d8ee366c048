/**
 * Invalidation and failure handling through the real routes and pages: an import changes an
 * article and every page showing it (its own, the page linking to it as similar, listings, feed)
 * shows the change within the bound; D1 failing gives the last good copy or a clean 503.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { invalidate } from '../../src/cache/invalidate.ts';
import { CACHE_RULES, type CachedRule } from '../../src/cache/rules.ts';
import { tagsForArticleChange } from '../../src/cache/tags.ts';
import { RETRY_AFTER_SECONDS } from '../../src/cache/unavailable.tsx';
import { articleVariant, linkFirstArticle, writeAll } from '../fixtures/articles.ts';
import { SEED_SLUG, seedArticle } from '../fixtures/seed-article.ts';
import { db, passTheBound, send, store, withArticlesTableDown } from './helpers.ts';
import { createRealApp } from './real-app.ts';
import { testClock } from './test-app.ts';

/** Reviewed, so the feed (indexable articles only) shows it too. */
const linked = articleVariant(1, {
  revision: { status: 'published', version: '1', lastReviewed: null },
  flags: { aiGeneratedStyle: false, hasImages: false, imageHeavy: false, needsHumanReview: false },
});
const linkedSlug = 'fixture-article-1-about-safer-deployment-steps';
const article = CACHE_RULES.find((r) => r.name === 'article') as CachedRule;

beforeAll(async () => {
  await writeAll(db, [
    seedArticle,
    linked,
    articleVariant(2, { stack: ['elixir'], tools: [] }),
    articleVariant(3),
  ]);
  // The similar-posts box shows links once there are three.
  await linkFirstArticle(db, 3);
});

describe('an import through the real pages', () => {
  it('shows a retitled article on every page that shows it, and nowhere else re-renders', async () => {
    const clock = testClock();
    const app = createRealApp(clock);
    const affected = [
      `/posts/${linkedSlug}`,
      `/posts/${SEED_SLUG}`,
      '/',
      '/stack/python',
      '/tools/pytest',
      '/difficulty/beginner',
      '/feed.xml',
      '/search?q=fixture',
    ];
    const untouched = ['/posts/fixture-article-2-about-safer-deployment-steps', '/stack/elixir'];
    for (const path of [...affected, ...untouched]) {
      await send(app, path);
      expect((await send(app, path)).cache, path).toBe('HIT');
    }

    const result = await store({
      ...linked,
      slug: linkedSlug,
      title: 'a retitled fixture article',
    });
    await invalidate(db, tagsForArticleChange(result.before, result.after), {});
    await passTheBound(app, clock);

    for (const path of affected) {
      const page = await send(app, path);
      expect(page.cache, path).toBe('MISS');
      // Search results mark the matched words, so look for a word the query did not contain.
      expect(page.body, path).toContain('retitled');
    }
    for (const path of untouched) {
      expect((await send(app, path)).cache, path).toBe('HIT');
    }
  });
});

describe('D1 failing behind the real pages', () => {
  it('serves the last good copy, then a clean 503 page with the request id', async () => {
    const clock = testClock();
    const app = createRealApp(clock);
    const good = await send(app, `/posts/${SEED_SLUG}`);
    clock.advance((article.edgeTtl + article.staleWhileRevalidate + 1) * 1000);
    await withArticlesTableDown(async () => {
      const stale = await send(app, `/posts/${SEED_SLUG}`);
      expect(stale.response.status).toBe(200);
      expect(stale.cache).toBe('STALE');
      expect(stale.response.headers.get('x-cache-stale')).toBe('error');
      expect(stale.body).toBe(good.body);

      const down = await send(app, '/stack/python');
      expect(down.response.status).toBe(503);
      expect(down.response.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
      expect(down.body.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(down.body).toContain('temporarily unavailable');
      expect(down.body).toContain(down.response.headers.get('x-request-id') ?? 'missing');
      expect(down.body).not.toMatch(/no such table|articles_offline|at .*\.ts:\d+/);
    });
  });
});
