import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_SLUG } from '../../src/cache/rules.ts';
import { seedArticle } from './fixtures.ts';
import { send, store } from './helpers.ts';
import { createTestApp, testClock } from './test-app.ts';

const post = `/posts/${EXAMPLE_SLUG}`;

beforeAll(async () => {
  const result = await store(seedArticle());
  expect(result.slug).toBe(EXAMPLE_SLUG);
});

describe('edge cache middleware', () => {
  it('stores a page on MISS and serves it as HIT with zero D1 calls', async () => {
    const app = createTestApp(testClock());
    const miss = await send(app, post);
    expect(miss.response.status).toBe(200);
    expect(miss.cache).toBe('MISS');
    expect(miss.dbCalls).toBeGreaterThan(0);
    expect(miss.response.headers.get('x-cache-rule')).toBe('article');
    const hit = await send(app, post);
    expect(hit.cache).toBe('HIT');
    expect(hit.dbCalls).toBe(0);
    expect(hit.body).toBe(miss.body);
    expect(hit.response.headers.get('cache-control')).toBe('public, max-age=60');
    expect(hit.response.headers.get('x-cache-tags')).toContain(`article:${EXAMPLE_SLUG}`);
  });
});
