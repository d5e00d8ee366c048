import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderSections } from '../../src/content/render/index.ts';
import { getArticlePage } from '../../src/db/article-queries.ts';
import { createDb } from '../../src/db/client.ts';
import { similarPosts } from '../../src/db/schema.ts';
import { countD1Calls } from '../../src/observe/d1-counter.ts';
import { articleVariant, writeAll } from '../fixtures/articles.ts';
import { SEED_SLUG, seedArticle } from '../fixtures/seed-article.ts';

const db = createDb(env.DB);

describe('getArticlePage', () => {
  let ids: number[] = [];
  beforeAll(async () => {
    await writeAll(db, [seedArticle, articleVariant(1), articleVariant(2)]);
    const rows = await env.DB.prepare('select id from articles order by id').all<{ id: number }>();
    ids = rows.results.map((r) => r.id);
  });

  it('returns every stored field of the seed, and its body as rendered at import', async () => {
    const page = await getArticlePage(db, SEED_SLUG);
    expect(page).not.toBeNull();
    const article = page?.article;
    expect(article?.slug).toBe(SEED_SLUG);
    const { publishedAt: _p, modifiedAt: _m, slug: _s, sections, ...input } = seedArticle;
    expect(article).toMatchObject(input);
    // The body is the pipeline's HTML of the same sections, headings in the table of contents.
    const rendered = renderSections(sections, { source: seedArticle.sourceId });
    expect(article?.body).toEqual({ html: rendered.html, toc: rendered.toc });
    expect(article?.body.toc.map((t) => t.text)).toEqual(
      sections.flatMap((s) => (s.heading === null ? [] : [s.heading])),
    );
    expect(article?.indexable).toBe(false);
    expect(article?.createdAt).toBe('2026-01-01T00:00:00.000Z');
    expect(page?.similar).toEqual([]);
  });

  it('takes one D1 round trip, found or not', async () => {
    const usage = { calls: 0, durationMs: 0 };
    const counted = createDb(countD1Calls(env.DB, usage));
    await getArticlePage(counted, SEED_SLUG);
    expect(usage.calls).toBe(1);
    expect(await getArticlePage(counted, 'no-such-article')).toBeNull();
    expect(usage.calls).toBe(2);
  });

  it('returns similar links joined to their articles, ordered by rank', async () => {
    const [seedId, first, second] = ids as [number, number, number];
    await db.insert(similarPosts).values([
      { articleId: seedId, rank: 2, similarArticleId: second, score: 0.5, reason: 'shared tools' },
      { articleId: seedId, rank: 1, similarArticleId: first, score: 0.9, reason: 'same stack' },
    ]);
    const page = await getArticlePage(db, SEED_SLUG);
    expect(page?.similar.map((s) => [s.rank, s.title, s.reason, s.score])).toEqual([
      [1, 'fixture article 1 about safer deployment steps', 'same stack', 0.9],
      [2, 'fixture article 2 about safer deployment steps', 'shared tools', 0.5],
    ]);
  });
});
