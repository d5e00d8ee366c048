/**
 * What a request costs after an isolate has been quiet for longer than the generation snapshot's
 * bound, and right after an invalidation: a HIT never waits on D1, with or without a purge of
 * the Cache API by tag (the snapshot is read again behind the response), and the first MISS after
 * an invalidation costs the render's D1 call only. The bound this keeps is stated in
 * docs/CACHE_RULES.md ("The bound"): only the requests that wake an idle isolate, before its
 * background read lands, may get a copy invalidated while it was idle.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { GENERATION_MAX_AGE_MS, GENERATION_REFRESH_AFTER_MS } from '../../src/cache/generation.ts';
import { invalidate } from '../../src/cache/invalidate.ts';
import { cacheKey } from '../../src/cache/key.ts';
import { tagsForArticleChange } from '../../src/cache/tags.ts';
import type { ArticleInput } from '../../src/content/types.ts';
import { seedArticle } from './fixtures.ts';
import { db, store } from './helpers.ts';
import { testClock } from './test-app.ts';

/** The Worker's env when CF_ZONE_ID and CF_API_TOKEN are set: invalidate() also purges by tag. */
const purging = { ...env, CF_ZONE_ID: 'zone-id', CF_API_TOKEN: 'api-token' };

let counter = 0;

function setUp(prefix: string, workerEnv: Env) {
  const clock = testClock();
  const cacheName = `quiet-${++counter}`;
  // The real app: an article page's render is one D1 call (its statements go as one batch).
  const app = createApp({ cache: { now: clock.now, openCache: () => caches.open(cacheName) } });
  const input = seedArticle({
    sourceId: `${prefix}-a`,
    slug: `${prefix}-a`,
    title: `${prefix} v1`,
  });
  async function send(path: string) {
    const ctx = createExecutionContext();
    const response = await app.fetch(new Request(`${env.SITE_URL}${path}`), workerEnv, ctx);
    const body = await response.text();
    await waitOnExecutionContext(ctx);
    return {
      body,
      cache: response.headers.get('x-cache'),
      source: response.headers.get('x-cache-source'),
      dbCalls: Number(response.headers.get('x-db-calls')),
    };
  }
  /** What Cloudflare's purge by tag does to the Cache API, which tests cannot call. */
  async function purge(path: string) {
    const cache = await caches.open(cacheName);
    const url = new URL(`${env.SITE_URL}${path}`);
    expect(await cache.delete(cacheKey(env.SITE_URL, url, [], env.CF_VERSION_METADATA?.id))).toBe(
      true,
    );
  }
  async function change(overrides: Partial<ArticleInput>) {
    const result = await store({ ...input, ...overrides });
    await invalidate(db, tagsForArticleChange(result.before, result.after), {});
  }
  return { clock, send, purge, change, input };
}

describe('a quiet isolate', () => {
  it('answers a HIT without a D1 call when invalidations purge the Cache API', async () => {
    const { clock, send, input } = setUp('calm', purging);
    await store(input);
    await send('/posts/calm-a');
    expect((await send('/posts/calm-a')).cache).toBe('HIT');

    clock.advance(GENERATION_MAX_AGE_MS + 1_000);
    const quiet = await send('/posts/calm-a');
    expect(quiet.cache).toBe('HIT');
    expect(quiet.dbCalls).toBe(0);
    // The copy in memory is not trusted past the bound; the Cache API's is (the purge keeps it honest).
    expect(quiet.source).toBe('cache-api');
  });

  it('refreshes the snapshot in the background, so the next request judges by it', async () => {
    const { clock, send, change, input } = setUp('later', purging);
    await store(input);
    await send('/posts/later-a');
    // An invalidation whose purge has not reached this data center yet.
    await change({ title: 'later v2' });
    clock.advance(GENERATION_MAX_AGE_MS + 1_000);
    expect((await send('/posts/later-a')).dbCalls).toBe(0);
    // The background read ran during the last request: this one knows of the change.
    const next = await send('/posts/later-a');
    expect(next.cache).toBe('MISS');
    expect(next.body).toContain('later v2');
  });

  it('pays one D1 call, the render, for the first MISS after an invalidation', async () => {
    const { clock, send, purge, change, input } = setUp('miss', purging);
    await store(input);
    await send('/posts/miss-a');
    await change({ title: 'miss v2' });
    await purge('/posts/miss-a');
    clock.advance(GENERATION_MAX_AGE_MS + 1_000);
    const first = await send('/posts/miss-a');
    expect(first.cache).toBe('MISS');
    expect(first.body).toContain('miss v2');
    expect(first.dbCalls).toBe(1);
    // That copy carries the old snapshot's generation, which predates the change it shows: once
    // the background read has brought the change in, it is rendered once more (the price of not
    // waiting), and from then on served.
    const again = await send('/posts/miss-a');
    expect(again.cache).toBe('MISS');
    expect(again.dbCalls).toBe(1);
    expect((await send('/posts/miss-a')).cache).toBe('HIT');
  });

  it('under steady traffic also pays one D1 call for the first MISS after an invalidation', async () => {
    const { clock, send, change, input } = setUp('busy', env);
    await store(input);
    await send('/posts/busy-a');
    await change({ title: 'busy v2' });
    clock.advance(GENERATION_REFRESH_AFTER_MS);
    expect((await send('/posts/busy-a')).cache).toBe('HIT');
    const first = await send('/posts/busy-a');
    expect(first.cache).toBe('MISS');
    expect(first.dbCalls).toBe(1);
  });

  it('without the purge, answers a HIT at once and reads the snapshot behind the response', async () => {
    const { clock, send, input } = setUp('strict', env);
    await store(input);
    await send('/posts/strict-a');
    expect((await send('/posts/strict-a')).cache).toBe('HIT');
    clock.advance(GENERATION_MAX_AGE_MS + 1_000);
    const quiet = await send('/posts/strict-a');
    expect(quiet.cache).toBe('HIT');
    // Before the response: no D1 call (the snapshot read runs in ctx.waitUntil).
    expect(quiet.dbCalls).toBe(0);
  });

  it('without the purge, the request after the background read sees a change made while quiet', async () => {
    const { clock, send, change, input } = setUp('woken', env);
    await store(input);
    await send('/posts/woken-a');
    await change({ title: 'woken v2' });
    clock.advance(GENERATION_MAX_AGE_MS + 1_000);
    // The waking request: answered from the old snapshot, the documented exception to the bound.
    const waking = await send('/posts/woken-a');
    expect(waking.dbCalls).toBe(0);
    expect(waking.body).toContain('woken v1');
    const next = await send('/posts/woken-a');
    expect(next.cache).toBe('MISS');
    expect(next.body).toContain('woken v2');
  });
});
