/**
 * Invalidation end to end: content changes the way the importer and the cron jobs make them,
 * followed by invalidate(), and the pages as visitors then get them. Every affected page shows
 * the new content once GENERATION_MAX_AGE_MS has passed and the isolate's waking request has
 * read the generations behind its response (the documented bound, passTheBound), and pages the
 * change does not touch stay cached.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { GENERATION_REFRESH_AFTER_MS } from '../../src/cache/generation.ts';
import { invalidate } from '../../src/cache/invalidate.ts';
import { tagsForArticleChange, tagsForSimilarLinksChange } from '../../src/cache/tags.ts';
import type { ArticleInput } from '../../src/content/types.ts';
import { articles, similarPosts } from '../../src/db/schema.ts';
import { otherArticle, seedArticle } from './fixtures.ts';
import { db, passTheBound, send, store } from './helpers.ts';
import { createTestApp, type TestClock, testClock } from './test-app.ts';

type App = ReturnType<typeof createTestApp>;

async function warm(app: App, paths: string[]) {
  for (const path of paths) {
    await send(app, path);
    const again = await send(app, path);
    expect(again.cache, path).toBe('HIT');
  }
}

async function importChange(input: ArticleInput) {
  const result = await store(input);
  expect(result.status).toBe('updated');
  return invalidate(db, tagsForArticleChange(result.before, result.after), {});
}

function fixture(prefix: string) {
  const a = seedArticle({
    sourceId: `${prefix}-a`,
    slug: `${prefix}-a`,
    title: `${prefix} original title`,
    stack: [`${prefix}-python`, `${prefix} services`],
    tools: [`${prefix}-pytest`],
    difficulty: `${prefix}-beginner`,
  });
  const b = otherArticle({
    sourceId: `${prefix}-b`,
    slug: `${prefix}-b`,
    title: `${prefix} other article`,
    stack: [`${prefix}-go`],
    tools: [`${prefix}-pprof`],
    difficulty: `${prefix}-advanced`,
  });
  return { a, b };
}

async function setUp(
  prefix: string,
): Promise<{ a: ArticleInput; b: ArticleInput; app: App; clock: TestClock }> {
  const { a, b } = fixture(prefix);
  await store(a);
  await store(b);
  const clock = testClock();
  return { a, b, app: createTestApp(clock), clock };
}

describe('after an import changes an article', () => {
  it('every page showing it serves the new content within the bound; other pages stay cached', async () => {
    const { a, app, clock } = await setUp('imp');
    const affected = [
      '/posts/imp-a',
      '/',
      '/?page=2',
      '/stack/imp-python',
      '/stack/imp%20services',
      '/tools/imp-pytest',
      '/difficulty/imp-beginner',
      '/feed.xml',
      '/sitemap.xml',
      '/search?q=original',
    ];
    const untouched = [
      '/posts/imp-b',
      '/stack/imp-go',
      '/tools/imp-pprof',
      '/difficulty/imp-advanced',
    ];
    await warm(app, [...affected, ...untouched]);

    const result = await importChange({ ...a, title: 'imp revised title' });
    expect(result.generation).not.toBeNull();

    await passTheBound(app, clock);
    for (const path of affected) {
      const page = await send(app, path);
      expect(page.cache, path).toBe('MISS');
      if (path !== '/?page=2' && !path.startsWith('/search')) {
        expect(page.body, path).toContain('imp revised title');
      }
      expect((await send(app, path)).cache, path).toBe('HIT');
    }
    for (const path of untouched) {
      const page = await send(app, path);
      expect(page.cache, path).toBe('HIT');
      expect(page.dbCalls, path).toBe(0);
    }
  });

  it('refreshes the listings an article left and the (cached 404) listing it joined', async () => {
    const { a, app, clock } = await setUp('move');
    await warm(app, ['/stack/move-python', '/stack/move-rust', '/difficulty/move-beginner']);
    expect((await send(app, '/stack/move-rust')).response.status).toBe(404);

    await importChange({ ...a, stack: ['move-rust'], difficulty: 'move-expert' });
    await passTheBound(app, clock);

    const left = await send(app, '/stack/move-python');
    expect(left.cache).toBe('MISS');
    expect(left.response.status).toBe(404);
    const joined = await send(app, '/stack/move-rust');
    expect(joined.cache).toBe('MISS');
    expect(joined.response.status).toBe(200);
    expect(joined.body).toContain('move-a');
    expect((await send(app, '/difficulty/move-beginner')).body).not.toContain('move-a');
  });

  it('turns a cached 404 into the page when the article is first imported', async () => {
    const clock = testClock();
    const app = createTestApp(clock);
    await warm(app, ['/posts/new-a']);
    expect((await send(app, '/posts/new-a')).response.status).toBe(404);
    const result = await store(
      seedArticle({ sourceId: 'new-a', slug: 'new-a', title: 'brand new' }),
    );
    expect(result.status).toBe('created');
    await invalidate(db, tagsForArticleChange(result.before, result.after), {});
    await passTheBound(app, clock);
    const page = await send(app, '/posts/new-a');
    expect(page.response.status).toBe(200);
    expect(page.body).toContain('brand new');
  });

  it('under steady traffic, the new content shows about GENERATION_REFRESH_AFTER_MS after the change', async () => {
    const { a, app, clock } = await setUp('steady');
    await warm(app, ['/posts/steady-a']);
    await importChange({ ...a, title: 'steady revised' });

    // Inside the bound the isolate's snapshot may predate the change: the old page is still a HIT.
    const early = await send(app, '/posts/steady-a');
    expect(early.cache).toBe('HIT');
    expect(early.body).toContain('steady original title');

    // Past the refresh point the request is served from the old snapshot while a background read
    // replaces it; the next request sees the change.
    clock.advance(GENERATION_REFRESH_AFTER_MS);
    const during = await send(app, '/posts/steady-a');
    expect(during.cache).toBe('HIT');
    expect(during.dbCalls).toBe(0);
    const after = await send(app, '/posts/steady-a');
    expect(after.cache).toBe('MISS');
    expect(after.body).toContain('steady revised');
  });
});

describe('after the cron refresh', () => {
  it('pages linking to a changed article as similar show its new title', async () => {
    const { a, b, app, clock } = await setUp('sim');
    const [aRow, bRow] = await Promise.all(
      ['sim-a', 'sim-b'].map((slug) =>
        db.select({ id: articles.id }).from(articles).where(eq(articles.slug, slug)).get(),
      ),
    );
    await db.insert(similarPosts).values({
      articleId: aRow?.id ?? 0,
      rank: 1,
      similarArticleId: bRow?.id ?? 0,
      score: 0.5,
      reason: 'shared stack',
    });
    await warm(app, ['/posts/sim-a']);
    expect((await send(app, '/posts/sim-a')).body).toContain('sim other article');

    await importChange({ ...b, title: 'sim other article, renamed' });
    await passTheBound(app, clock);
    const linking = await send(app, '/posts/sim-a');
    expect(linking.cache).toBe('MISS');
    expect(linking.body).toContain('sim other article, renamed');
    expect(a.slug).toBe('sim-a');
  });

  it('new similar links refresh exactly the article pages whose links changed', async () => {
    const { app, clock } = await setUp('job');
    await warm(app, ['/posts/job-a', '/posts/job-b']);
    const rows = await db.select({ id: articles.id, slug: articles.slug }).from(articles);
    const id = (slug: string) => rows.find((r) => r.slug === slug)?.id ?? 0;
    // What the similar-posts job writes for one article, then asks to invalidate.
    await db.insert(similarPosts).values({
      articleId: id('job-b'),
      rank: 1,
      similarArticleId: id('job-a'),
      score: 0.9,
      reason: 'same tools',
    });
    await invalidate(db, tagsForSimilarLinksChange(['job-b']), {});
    await passTheBound(app, clock);

    const changed = await send(app, '/posts/job-b');
    expect(changed.cache).toBe('MISS');
    expect(changed.body).toContain('job-a|job original title');
    expect((await send(app, '/posts/job-a')).cache).toBe('HIT');
  });

  it('a freshness score change shows on the article page', async () => {
    const { a, app, clock } = await setUp('fresh');
    await warm(app, ['/posts/fresh-a']);
    await db.update(articles).set({ scoreFreshness: 12 }).where(eq(articles.slug, 'fresh-a'));
    const placement = { slug: 'fresh-a', difficulty: a.difficulty, stack: a.stack, tools: a.tools };
    await invalidate(db, tagsForArticleChange(placement, placement), {});
    await passTheBound(app, clock);
    const page = await send(app, '/posts/fresh-a');
    expect(page.cache).toBe('MISS');
    expect(JSON.parse(page.body).freshness).toBe(12);
  });
});
