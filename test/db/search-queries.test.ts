import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeArticle } from '../../src/db/article-writer.ts';
import { createDb } from '../../src/db/client.ts';
import { MAX_SEARCH_TERMS, toFtsQuery } from '../../src/db/fts-query.ts';
import { markedSpans, searchArticles } from '../../src/db/search-queries.ts';
import { articleVariant } from '../fixtures/articles.ts';

const db = createDb(env.DB);
const page = { page: 1, perPage: 10 };

describe('toFtsQuery', () => {
  it('quotes every word so FTS5 operators are plain terms', () => {
    expect(toFtsQuery('deploy "python" NEAR(x*) -y title:z')).toBe(
      '"deploy" "python" "near" "x" "y" "title" "z"',
    );
    expect(toFtsQuery('Café ÉTÉ')).toBe('"café" "été"');
    expect(toFtsQuery(' * - " ( ) ')).toBeNull();
    expect(toFtsQuery('')).toBeNull();
  });

  it('drops repeats and keeps at most MAX_SEARCH_TERMS words', () => {
    const words = Array.from({ length: 20 }, (_, i) => `w${i}`).join(' ');
    expect(toFtsQuery(words)?.split(' ')).toHaveLength(MAX_SEARCH_TERMS);
    expect(toFtsQuery('a a A')).toBe('"a"');
  });
});

describe('markedSpans', () => {
  it('splits highlight output into marked and plain text', () => {
    expect(markedSpans('a \uE000deploy\uE001 step \uE000x\uE001')).toEqual([
      { text: 'a ', marked: false },
      { text: 'deploy', marked: true },
      { text: ' step ', marked: false },
      { text: 'x', marked: true },
    ]);
    expect(markedSpans('')).toEqual([]);
  });
});

describe('searchArticles', () => {
  beforeAll(async () => {
    await writeArticle(db, articleVariant(1, { title: 'graceful shutdown in go' }), {
      now: new Date('2026-01-01T00:00:00Z'),
    });
  });

  it('returns the summary, a marked title and a snippet', async () => {
    const result = await searchArticles(db, 'graceful', page);
    expect(result?.items).toHaveLength(1);
    const hit = result?.items[0];
    expect(hit?.article.slug).toBe('graceful-shutdown-in-go');
    expect(hit?.article.stack).toEqual(['python services', 'backend', 'python']);
    expect(hit?.title).toEqual([
      { text: 'graceful', marked: true },
      { text: ' shutdown in go', marked: false },
    ]);
    expect(hit?.snippet.some((s) => s.marked && s.text === 'graceful')).toBe(true);
  });

  it('follows an article through a rewrite: the old title is gone from the index', async () => {
    await writeArticle(db, articleVariant(1, { title: 'orderly shutdown in go' }), {
      now: new Date('2026-02-01T00:00:00Z'),
    });
    expect((await searchArticles(db, 'graceful', page))?.items).toHaveLength(0);
    expect((await searchArticles(db, 'orderly', page))?.items).toHaveLength(1);
  });

  it('returns null when there is no word to search for', async () => {
    expect(await searchArticles(db, '"*-', page)).toBeNull();
  });
});
