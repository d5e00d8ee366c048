/**
 * The isolate's in-memory copies in front of the Cache API: served without a Cache API read,
 * judged by the same lifetime and generation rules, and bounded by bytes.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredEntry } from '../../src/cache/entry.ts';
import { GENERATION_MAX_AGE_MS } from '../../src/cache/generation.ts';
import { HotPages } from '../../src/cache/hot-pages.ts';
import { invalidate } from '../../src/cache/invalidate.ts';
import { CACHE_RULES, type CachedRule, EXAMPLE_SLUG } from '../../src/cache/rules.ts';
import { seedArticle } from './fixtures.ts';
import { db, send, store } from './helpers.ts';
import { createTestApp, testClock } from './test-app.ts';

const post = `/posts/${EXAMPLE_SLUG}`;
const postKey = `${env.SITE_URL}${post}?__version=${env.CF_VERSION_METADATA.id}`;
const article = CACHE_RULES.find((r) => r.name === 'article') as CachedRule;

beforeAll(async () => {
  await store(seedArticle());
});

function entry(bytes: number): StoredEntry & { body: ArrayBuffer } {
  const body = new ArrayBuffer(bytes);
  return { status: 200, body, served: [], storedAt: 1, generation: 1, tags: ['site'] };
}

describe('HotPages', () => {
  it('drops the least recently used page when the byte bound is passed', () => {
    const hot = new HotPages(3 * (1000 + 1024), 100_000);
    for (const key of ['a', 'b', 'c']) {
      hot.set(key, entry(1000));
    }
    expect(hot.get('a')).not.toBeNull(); // a is now the most recently used
    hot.set('d', entry(1000));
    expect(hot.get('b')).toBeNull();
    expect(hot.get('a')).not.toBeNull();
    expect(hot.get('c')).not.toBeNull();
    expect(hot.get('d')).not.toBeNull();
    expect(hot.bytes).toBe(3 * (1000 + 1024));
  });

  it('does not keep a page larger than the per-page bound', () => {
    const hot = new HotPages(1_000_000, 10_000);
    hot.set('big', entry(20_000));
    expect(hot.get('big')).toBeNull();
    expect(hot.bytes).toBe(0);
  });
});

describe('the edge cache with in-memory copies', () => {
  it('serves a page it stored from memory, without the Cache API', async () => {
    const cacheName = 'hot-pages-memory';
    const app = createTestApp(testClock(), cacheName);
    const miss = await send(app, post);
    expect(miss.cache).toBe('MISS');
    // Gone from the Cache API (evicted, or purged by tag): this isolate still has its copy.
    expect(await (await caches.open(cacheName)).delete(postKey)).toBe(true);
    const hit = await send(app, post);
    expect(hit.cache).toBe('HIT');
    expect(hit.dbCalls).toBe(0);
    expect(hit.response.headers.get('x-cache-source')).toBe('memory');
    expect(hit.body).toBe(miss.body);
    // The kept bytes give every response its own body.
    expect((await send(app, post)).body).toBe(miss.body);
  });

  it('reads another isolate’s copy from the Cache API once, then from memory', async () => {
    const cacheName = 'hot-pages-shared';
    const clock = testClock();
    await send(createTestApp(clock, cacheName), post);
    const other = createTestApp(clock, cacheName);
    const first = await send(other, post);
    expect(first.cache).toBe('HIT');
    expect(first.response.headers.get('x-cache-source')).toBe('cache-api');
    const second = await send(other, post);
    expect(second.response.headers.get('x-cache-source')).toBe('memory');
    expect(second.body).toBe(first.body);
  });

  it('does not serve a copy in memory once its page was invalidated', async () => {
    const clock = testClock();
    const app = createTestApp(clock, 'hot-pages-invalidated');
    await send(app, post);
    expect((await send(app, post)).response.headers.get('x-cache-source')).toBe('memory');
    await invalidate(db, [`article:${EXAMPLE_SLUG}`], {});
    clock.advance(GENERATION_MAX_AGE_MS);
    // The request that wakes the isolate reads the generations behind its response (the
    // documented exception to the bound); from the next one on, the copy is not served.
    await send(app, post);
    const after = await send(app, post);
    expect(after.cache).toBe('MISS');
  });

  it('serves a copy in memory past its edge TTL as stale, and refreshes it', async () => {
    const clock = testClock();
    const app = createTestApp(clock, 'hot-pages-stale');
    await send(app, post);
    clock.advance((article.edgeTtl + 1) * 1000);
    const stale = await send(app, post);
    expect(stale.cache).toBe('STALE');
    expect(stale.response.headers.get('x-cache-stale')).toBe('revalidate');
    const refreshed = await send(app, post);
    expect(refreshed.cache).toBe('HIT');
    expect(refreshed.response.headers.get('age')).toBe('0');
  });
});
