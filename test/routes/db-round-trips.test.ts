/**
 * What each page costs in D1 round trips when it has to be rendered (x-db-calls): one for every
 * page that reads data, none for input that cannot name anything. Requests carry an
 * Authorization header, one of the edge cache's bypass conditions, so the count is the route's
 * own whether or not the cache middleware is mounted (its generation check on a MISS is its own
 * cost, measured by the cache tests).
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.ts';
import { articleVariant, linkFirstArticle, writeAll } from '../fixtures/articles.ts';
import { SEED_SLUG, seedArticle } from '../fixtures/seed-article.ts';

async function dbCalls(path: string): Promise<number> {
  const res = await exports.default.fetch(`https://alphanode.test${path}`, {
    headers: { authorization: 'Bearer bypass-the-edge-cache' },
    redirect: 'manual',
  });
  expect(res.status, path).toBeLessThan(500);
  return Number(res.headers.get('x-db-calls'));
}

describe('D1 round trips per uncached page', () => {
  beforeAll(async () => {
    const db = createDb(env.DB);
    await writeAll(db, [seedArticle, ...[1, 2, 3, 4].map((n) => articleVariant(n))]);
    await linkFirstArticle(db, 3);
  });

  it.each([
    [`/posts/${SEED_SLUG}`, 1],
    ['/posts/no-such-article', 1],
    ['/', 1],
    ['/?page=2', 1],
    ['/stack/python', 1],
    ['/tools/pytest?page=1', 1],
    ['/difficulty/beginner', 1],
    ['/stack/no-such-stack', 1],
    ['/search?q=safer+deployment', 1],
    ['/search?q=safer&page=2', 1],
    ['/feed.xml', 1],
    ['/sitemap.xml', 1],
    ['/robots.txt', 0],
    ['/search', 0],
    ['/search?q=***', 0],
    [`/posts/${'a'.repeat(300)}`, 0],
    ['/posts/Not-A-Slug', 0],
    ['/?page=-1', 0],
    // Any other path may be an old URL of an imported article: one indexed read decides.
    ['/nowhere', 1],
    ['/2018/05/10/Rust-1.26.html', 1],
  ])('%s → %i', async (path, calls) => {
    expect(await dbCalls(path)).toBe(calls);
  });
});
