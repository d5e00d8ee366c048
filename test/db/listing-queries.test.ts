import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.ts';
import { listArticles, listSitemapEntries } from '../../src/db/listing-queries.ts';
import { countD1Calls } from '../../src/observe/d1-counter.ts';
import { articleVariant, writeAll } from '../fixtures/articles.ts';

const db = createDb(env.DB);

describe('listArticles', () => {
  beforeAll(async () => {
    await writeAll(
      db,
      [1, 2, 3, 4, 5].map((n) =>
        articleVariant(n, {
          stack: n % 2 ? ['go', 'backend'] : ['python'],
          tools: n === 5 ? ['docker'] : ['git'],
          difficulty: n > 3 ? 'advanced' : 'beginner',
          revision: { status: 'reviewed', version: '1', lastReviewed: null },
          flags: {
            aiGeneratedStyle: false,
            hasImages: false,
            imageHeavy: false,
            needsHumanReview: n === 2,
          },
        }),
      ),
    );
  });

  it('returns summaries newest first, with the stack in order, and knows about a next page', async () => {
    const first = await listArticles(db, { kind: 'latest' }, { page: 1, perPage: 2 });
    expect(first.items.map((a) => a.title)).toEqual([
      'fixture article 5 about safer deployment steps',
      'fixture article 4 about safer deployment steps',
    ]);
    expect(first.items[0]).toMatchObject({
      stack: ['go', 'backend'],
      readingTime: 9,
      difficulty: 'advanced',
      createdAt: '2025-01-06T00:00:00.000Z',
    });
    expect(first.hasNext).toBe(true);
    const last = await listArticles(db, { kind: 'latest' }, { page: 3, perPage: 2 });
    expect(last.items).toHaveLength(1);
    expect(last.hasNext).toBe(false);
  });

  it('filters by stack, tool and difficulty', async () => {
    const titles = async (filter: Parameters<typeof listArticles>[1]) =>
      (await listArticles(db, filter, { page: 1, perPage: 10 })).items.map(
        (a) => a.title.split(' ')[2],
      );
    expect(await titles({ kind: 'stack', name: 'go' })).toEqual(['5', '3', '1']);
    expect(await titles({ kind: 'stack', name: 'backend' })).toEqual(['5', '3', '1']);
    expect(await titles({ kind: 'tool', name: 'docker' })).toEqual(['5']);
    expect(await titles({ kind: 'difficulty', level: 'advanced' })).toEqual(['5', '4']);
    expect(await titles({ kind: 'stack', name: 'git' })).toEqual([]);
  });

  it('is one D1 round trip', async () => {
    const usage = { calls: 0, durationMs: 0 };
    await listArticles(
      createDb(countD1Calls(env.DB, usage)),
      { kind: 'stack', name: 'go' },
      {
        page: 1,
        perPage: 20,
      },
    );
    expect(usage.calls).toBe(1);
  });
});

describe('listSitemapEntries', () => {
  it('returns indexable articles only', async () => {
    const entries = await listSitemapEntries(db);
    expect(entries.map((e) => e.slug).sort()).toEqual(
      [1, 3, 4, 5].map((n) => `fixture-article-${n}-about-safer-deployment-steps`),
    );
  });
});
