import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { invalidate } from '../../src/cache/invalidate.ts';
import { CACHE_RULES, type CachedRule, EXAMPLE_SLUG } from '../../src/cache/rules.ts';
import { tag } from '../../src/cache/tags.ts';
import { RETRY_AFTER_SECONDS } from '../../src/cache/unavailable.tsx';
import { seedArticle } from './fixtures.ts';
import { db, send, store, withArticlesTableDown, withTableDown } from './helpers.ts';
import { createTestApp, testClock } from './test-app.ts';

const post = `/posts/${EXAMPLE_SLUG}`;
const SECOND = 1000;
const article = CACHE_RULES.find((r) => r.name === 'article') as CachedRule;
/** The key of the example article: SITE_URL's origin, the path, and the deployed version. */
const postKey = `${env.SITE_URL}${post}?__version=${env.CF_VERSION_METADATA.id}`;

beforeAll(async () => {
  await store(seedArticle());
});

describe('HIT and MISS', () => {
  it('stores a page on MISS and serves it as HIT with zero D1 calls', async () => {
    const app = createTestApp(testClock());
    const miss = await send(app, post);
    expect(miss.response.status).toBe(200);
    expect(miss.cache).toBe('MISS');
    expect(miss.dbCalls).toBeGreaterThan(0);
    expect(miss.response.headers.get('x-cache-rule')).toBe('article');
    expect(miss.response.headers.get('cache-control')).toBe('public, max-age=60');
    const hit = await send(app, post);
    expect(hit.cache).toBe('HIT');
    expect(hit.dbCalls).toBe(0);
    expect(hit.body).toBe(miss.body);
    expect(hit.response.headers.get('cache-control')).toBe('public, max-age=60');
    expect(hit.response.headers.get('x-cache-tags')).toBe(`article:${EXAMPLE_SLUG},site`);
    expect(hit.response.headers.get('x-cache-key')).toBe(postKey);
    expect(hit.response.headers.has('cache-tag')).toBe(false);
  });

  it('answers HEAD from the same entry, without a body', async () => {
    const app = createTestApp(testClock());
    await send(app, post);
    const head = await send(app, post, { method: 'HEAD' });
    expect(head.cache).toBe('HIT');
    expect(head.dbCalls).toBe(0);
    expect(head.body).toBe('');
  });

  it('reports the age of a stored copy', async () => {
    const clock = testClock();
    const app = createTestApp(clock);
    await send(app, post);
    clock.advance(42 * SECOND);
    const hit = await send(app, post);
    expect(hit.cache).toBe('HIT');
    expect(hit.response.headers.get('age')).toBe('42');
  });

  it('ignores a client Cache-Control: no-cache, so reloads cannot force D1 reads', async () => {
    const app = createTestApp(testClock());
    await send(app, post);
    for (let i = 0; i < 3; i += 1) {
      const reload = await send(app, post, {
        headers: { 'cache-control': 'no-cache', pragma: 'no-cache' },
      });
      expect(reload.cache).toBe('HIT');
      expect(reload.dbCalls).toBe(0);
    }
  });

  it('keys pages by SITE_URL: another Host header neither poisons nor splits the entry', async () => {
    const app = createTestApp(testClock());
    const foreign = await send(app, `http://evil.example${post}`);
    expect(foreign.cache).toBe('MISS');
    expect(foreign.response.headers.get('x-cache-not-stored')).toBe('host');
    expect(foreign.response.headers.get('x-cache-key')).toBe(postKey);
    expect((await send(app, post)).cache).toBe('MISS');
    const fromForeign = await send(app, `http://evil.example${post}`);
    expect(fromForeign.cache).toBe('HIT');
  });
});

describe('ETag and If-None-Match', () => {
  it('answers 304 on a HIT and on a MISS when the client has the current copy', async () => {
    const app = createTestApp(testClock());
    const miss = await send(app, post);
    const etag = miss.response.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const hit = await send(app, post, { headers: { 'if-none-match': etag ?? '' } });
    expect(hit.response.status).toBe(304);
    expect(hit.cache).toBe('HIT');
    expect(hit.body).toBe('');
    expect(hit.response.headers.get('etag')).toBe(etag);

    const coldApp = createTestApp(testClock());
    const coldMiss = await send(coldApp, post, { headers: { 'if-none-match': `W/${etag}` } });
    expect(coldMiss.response.status).toBe(304);
    expect(coldMiss.cache).toBe('MISS');
    const afterwards = await send(coldApp, post);
    expect(afterwards.cache).toBe('HIT');
    expect(afterwards.body).toBe(miss.body);
  });

  it('sends the full page when the client copy is out of date', async () => {
    const app = createTestApp(testClock());
    await send(app, post);
    const hit = await send(app, post, { headers: { 'if-none-match': '"0000"' } });
    expect(hit.response.status).toBe(200);
    expect(hit.body).toContain('building a safer workflow');
  });
});

describe('never stored', () => {
  it.each([
    ['/posts/sets-cookie', 'set-cookie'],
    ['/posts/private-page', 'cache-control=private'],
    ['/posts/moved', 'status=301'],
  ])('%s is rendered every time (%s)', async (path, reason) => {
    const app = createTestApp(testClock());
    for (let i = 0; i < 2; i += 1) {
      const sent = await send(app, path);
      expect(sent.cache).toBe('MISS');
      expect(sent.response.headers.get('x-cache-not-stored')).toBe(reason);
    }
    const cookie = await send(app, '/posts/sets-cookie');
    expect(cookie.response.headers.get('set-cookie')).toBe('seen=1; Path=/');
    expect(cookie.response.headers.get('cache-control')).toBe('no-store');
  });

  it('stores a 404 only for the rule notFoundTtl', async () => {
    const clock = testClock();
    const app = createTestApp(clock);
    const miss = await send(app, '/posts/not-written-yet');
    expect(miss.response.status).toBe(404);
    expect(miss.cache).toBe('MISS');
    const hit = await send(app, '/posts/not-written-yet');
    expect(hit.response.status).toBe(404);
    expect(hit.cache).toBe('HIT');
    expect(hit.dbCalls).toBe(0);
    expect(hit.response.headers.get('cache-control')).toBe(
      `public, max-age=${article.notFoundTtl}`,
    );
    clock.advance(article.notFoundTtl * SECOND);
    expect((await send(app, '/posts/not-written-yet')).cache).toBe('MISS');
  });
});

describe('stale-while-revalidate', () => {
  it('serves the stored copy at once past its TTL and refreshes it in the background', async () => {
    const clock = testClock();
    const app = createTestApp(clock);
    const source = seedArticle({ sourceId: 'swr-1', title: 'swr before' });
    const { slug } = await store(source);
    await send(app, `/posts/${slug}`);
    // Changed without invalidating: only the TTL can bring the new title in.
    await store({ ...source, slug, summary: 'changed', title: 'swr after' });
    clock.advance((article.edgeTtl + 1) * SECOND);
    const stale = await send(app, `/posts/${slug}`);
    expect(stale.cache).toBe('STALE');
    expect(stale.response.headers.get('x-cache-stale')).toBe('revalidate');
    expect(stale.body).toContain('swr before');
    expect(stale.response.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    const refreshed = await send(app, `/posts/${slug}`);
    expect(refreshed.cache).toBe('HIT');
    expect(refreshed.dbCalls).toBe(0);
    expect(refreshed.body).toContain('swr after');
  });

  it('renders synchronously once the window has passed', async () => {
    const clock = testClock();
    const app = createTestApp(clock);
    await send(app, post);
    clock.advance((article.edgeTtl + article.staleWhileRevalidate + 1) * SECOND);
    expect((await send(app, post)).cache).toBe('MISS');
  });
});

describe('stale-if-error', () => {
  it('serves the last good copy when D1 fails inside the window, a clean 503 outside it', async () => {
    const clock = testClock();
    const app = createTestApp(clock);
    const good = await send(app, post);
    // Past the stale-while-revalidate window, so only stale-if-error may serve the copy.
    clock.advance((article.edgeTtl + article.staleWhileRevalidate + 60) * SECOND);
    await withArticlesTableDown(async () => {
      const stale = await send(app, post);
      expect(stale.response.status).toBe(200);
      expect(stale.cache).toBe('STALE');
      expect(stale.response.headers.get('x-cache-stale')).toBe('error');
      expect(stale.body).toBe(good.body);

      clock.advance(article.staleIfError * SECOND);
      const down = await send(app, post);
      expect(down.response.status).toBe(503);
      expect(down.response.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
      expect(down.response.headers.get('cache-control')).toBe('no-store');
      expect(down.response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(down.body).toContain('temporarily unavailable');
      expect(down.body).not.toMatch(/articles_offline|no such table|Error|at .*\.ts/);
    });
  });

  it('serves a copy invalidated since it was stored rather than an error', async () => {
    const clock = testClock();
    const app = createTestApp(clock);
    const good = await send(app, post);
    await invalidate(db, [tag('article', EXAMPLE_SLUG)], {});
    clock.advance(20 * SECOND);
    // Wakes the isolate: its background read of the generations brings in the invalidation.
    await send(app, post);
    await withArticlesTableDown(async () => {
      const stale = await send(app, post);
      expect(stale.cache).toBe('STALE');
      expect(stale.response.headers.get('x-cache-stale')).toBe('error');
      expect(stale.body).toBe(good.body);
    });
  });

  it('keeps serving fresh copies as HIT while D1 is down', async () => {
    const app = createTestApp(testClock());
    await send(app, post);
    await withArticlesTableDown(async () => {
      const hit = await send(app, post);
      expect(hit.cache).toBe('HIT');
      expect(hit.response.status).toBe(200);
    });
  });

  it('serves a stored 404 inside its TTL while D1 is down, like a 200', async () => {
    const clock = testClock();
    const missing = '/posts/no-such-article-while-down';
    const first = await send(createTestApp(clock, 'stale-404'), missing);
    expect(first.response.status).toBe(404);
    expect(first.response.headers.get('x-cache-not-stored')).toBeNull();
    // A new isolate (no generation snapshot) sharing the cache: it must ask D1, which is down.
    clock.advance(20 * SECOND);
    await withTableDown('site_state', () =>
      withArticlesTableDown(async () => {
        const stale = await send(createTestApp(clock, 'stale-404'), missing);
        expect(stale.response.status).toBe(404);
        expect(stale.cache).toBe('STALE');
        expect(stale.response.headers.get('x-cache-stale')).toBe('error');
        expect(stale.body).toBe(first.body);

        clock.advance(article.notFoundTtl * SECOND);
        const expired = await send(createTestApp(clock, 'stale-404'), missing);
        expect(expired.response.status).toBe(503);
      }),
    );
  });

  it('answers a clean 503 when there was never a copy', async () => {
    const app = createTestApp(testClock());
    await withArticlesTableDown(async () => {
      const down = await send(app, '/stack/python');
      expect(down.response.status).toBe(503);
      expect(down.cache).toBe('MISS');
      expect(down.response.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
    });
  });
});

describe('when the content generations cannot be read', () => {
  it('renders pages without storing them, since nothing could tell when they went stale', async () => {
    const app = createTestApp(testClock());
    await withTableDown('site_state', async () => {
      for (let i = 0; i < 2; i += 1) {
        const page = await send(app, post);
        expect(page.response.status).toBe(200);
        expect(page.cache).toBe('MISS');
        expect(page.response.headers.get('x-cache-not-stored')).toBe('generation-unavailable');
      }
    });
  });
});

describe('concurrent MISSes', () => {
  it('share one render: one request reads D1, the others wait for its page', async () => {
    const app = createTestApp(testClock());
    await send(app, '/robots.txt'); // loads the generation snapshot, so only page reads remain
    const results = await Promise.all(Array.from({ length: 5 }, () => send(app, '/stack/python')));
    const misses = results.filter((r) => r.cache === 'MISS');
    expect(misses).toHaveLength(1);
    const followers = results.filter((r) => r.cache === 'HIT');
    expect(followers).toHaveLength(4);
    for (const follower of followers) {
      expect(follower.response.headers.get('x-cache-coalesced')).toBe('1');
      expect(follower.dbCalls).toBe(0);
      expect(follower.body).toBe(misses[0]?.body);
    }
  });
});
