import { getTableColumns } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { ArticleInput } from '../../src/content/types.ts';
import {
  ARTICLE_OWN_COLUMNS,
  type ArticleRow,
  articleColumns,
  articleOfRow,
} from '../../src/db/article-row.ts';
import { articles } from '../../src/db/schema.ts';
import { seedArticle } from '../fixtures/seed-article.ts';

/** A Markdown post's optional fields set, so they go through the mapping too. */
const markdownPost: ArticleInput = {
  ...seedArticle,
  sourceId: 'md:content/rollouts.md',
  format: 'markdown',
  summaryDerived: true,
  extra: { toc: true, series: 'deploys' },
  author: 'Ferris',
  draft: true,
  revision: { status: 'published', version: '2', lastReviewed: null },
  payload: { ...seedArticle.payload, seed: 42 },
};

const parts = {
  body: { html: '<p>stored</p>', toc: [] },
  stack: ['python'],
  tools: ['pytest'],
  tags: ['deploys'],
  checklist: ['check one'],
  notes: ['a note'],
  entities: [{ name: 'python', type: 'stack' }],
};

function storedRow(input: ArticleInput): ArticleRow {
  return {
    ...articleColumns(input),
    id: 7,
    slug: 'stored-slug',
    indexable: false,
    contentHash: 'content-hash',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-02-01T00:00:00.000Z',
  };
}

describe('the article ↔ row mapping', () => {
  it('fills every column of articles, either from a field or as the writer’s own, never both', () => {
    const fromFields = Object.keys(articleColumns(seedArticle));
    const own: readonly string[] = ARTICLE_OWN_COLUMNS;
    expect(fromFields.filter((column) => own.includes(column))).toEqual([]);
    expect([...fromFields, ...own].sort()).toEqual(Object.keys(getTableColumns(articles)).sort());
  });

  it.each([
    ['an alphanode export', seedArticle],
    ['a Markdown post with every optional field', markdownPost],
  ])('reads back %s as it was written', (_, input) => {
    const article = articleOfRow(storedRow(input), parts);
    const {
      sections: _s,
      body: _b,
      slug: _slug,
      publishedAt: _p,
      modifiedAt: _m,
      ...fields
    } = input;
    expect(article).toMatchObject({
      ...fields,
      ...parts,
      summaryDerived: input.summaryDerived ?? false,
      extra: input.extra ?? null,
      id: 7,
      slug: 'stored-slug',
      // The stored dates are the publication and modification dates.
      publishedAt: '2026-01-01T00:00:00.000Z',
      modifiedAt: '2026-02-01T00:00:00.000Z',
    });
    expect(article.outline).toEqual(input.outline);
    expect(article.payload).toEqual(input.payload);
  });
});
