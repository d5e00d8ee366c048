import { describe, expect, it } from 'vitest';
import { generateArticle } from '../../scripts/lib/generator.ts';
import { isCalendarDate, validateArticle } from '../../src/content/validate.ts';

const article = generateArticle(1, 1).input;

describe('validateArticle (shared by both parsers)', () => {
  it('accepts a generated article', () => {
    expect(validateArticle(article)).toEqual([]);
  });

  it('names each value the site cannot store or show', () => {
    expect(
      validateArticle({
        ...article,
        title: '日本語のタイトル',
        scores: { ...article.scores, depth: 101, clarity: 2.5 },
        readingTime: -1,
        revision: { ...article.revision, lastReviewed: '2023-02-29' },
        publishedAt: 'yesterday',
      }),
    ).toEqual([
      {
        field: 'title',
        message:
          '"日本語のタイトル" has no letters or digits to build a URL slug from; expected a Latin-script title or an explicit slug',
      },
      { field: 'score.depth', message: 'expected a whole number from 0 to 100, got 101' },
      { field: 'score.clarity', message: 'expected a whole number from 0 to 100, got 2.5' },
      { field: 'reading time', message: 'expected a whole number of at least 0, got -1' },
      {
        field: 'revision.last reviewed',
        message: 'expected a real date as YYYY-MM-DD, got "2023-02-29"',
      },
      { field: 'date', message: 'expected an ISO timestamp, got "yesterday"' },
    ]);
  });

  it('refuses a blank title and an explicit slug that is not one', () => {
    expect(validateArticle({ ...article, title: '  ', slug: 'My Post' })).toEqual([
      { field: 'title', message: 'missing; expected a non-empty title' },
      {
        field: 'slug',
        message:
          '"My Post" is not a URL slug; expected lowercase letters, digits and single "-" (at most 200 characters), e.g. "my-post"',
      },
    ]);
  });

  it('knows real calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-13-01')).toBe(false);
  });
});
