/**
 * Checks every parsed article, whatever its format, before anything is written: the rules that
 * the database and the pages rely on (a title, a usable slug, scores 0–100, real dates). The
 * parsers already report most of these with a line number; this is the shared safety net, so a
 * parser that misses a case can never store a value the site cannot show.
 */
import type { Problem } from './problem.ts';
import { isPlausibleSlug, MAX_SLUG_LENGTH, slugify } from './slug.ts';
import type { ArticleInput } from './types.ts';

export const MAX_TITLE_LENGTH = 300;
export const MAX_SOURCE_ID_LENGTH = 200;

/**
 * True when `text` is a real calendar date written as YYYY-MM-DD (2024-02-30 is not).
 *
 * @example
 * isCalendarDate('2024-02-29') // true
 * isCalendarDate('2023-02-29') // false
 */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** True for a full ISO timestamp as the parsers produce it (toISOString's shape). */
function isIsoTimestamp(text: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text) &&
    !Number.isNaN(Date.parse(text)) &&
    isCalendarDate(text.slice(0, 10))
  );
}

/**
 * @example
 * validateArticle({ ...article, scores: { ...article.scores, quality: 140 } })
 * // [{ field: 'score.quality', message: 'expected a whole number from 0 to 100, got 140' }]
 */
export function validateArticle(article: ArticleInput): Problem[] {
  const problems: Problem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });

  if (article.sourceId.trim() === '') {
    problem('source id', 'missing; expected a stable id for the article');
  } else if (article.sourceId.length > MAX_SOURCE_ID_LENGTH) {
    problem('source id', `expected at most ${MAX_SOURCE_ID_LENGTH} characters`);
  }

  const title = article.title.trim();
  if (title === '') {
    problem('title', 'missing; expected a non-empty title');
  } else if (title.length > MAX_TITLE_LENGTH) {
    problem('title', `is ${title.length} characters; expected at most ${MAX_TITLE_LENGTH}`);
  }

  if (article.slug !== null) {
    if (!isPlausibleSlug(article.slug)) {
      problem(
        'slug',
        `"${article.slug}" is not a URL slug; expected lowercase letters, digits and single "-" (at most ${MAX_SLUG_LENGTH} characters), e.g. "${slugify(article.slug) || 'my-post'}"`,
      );
    }
  } else if (title !== '' && slugify(title) === '') {
    problem(
      'title',
      `"${title}" has no letters or digits to build a URL slug from; expected a Latin-script title or an explicit slug`,
    );
  }

  for (const [key, value] of Object.entries(article.scores)) {
    if (!Number.isInteger(value) || value < 0 || value > 100) {
      problem(`score.${key}`, `expected a whole number from 0 to 100, got ${value}`);
    }
  }
  const counts: [string, number][] = [
    ['reading time', article.readingTime],
    ['view count', article.viewCount],
  ];
  for (const [field, value] of counts) {
    if (!Number.isSafeInteger(value) || value < 0) {
      problem(field, `expected a whole number of at least 0, got ${value}`);
    }
  }

  if (article.revision.lastReviewed !== null && !isCalendarDate(article.revision.lastReviewed)) {
    problem(
      'revision.last reviewed',
      `expected a real date as YYYY-MM-DD, got "${article.revision.lastReviewed}"`,
    );
  }
  const timestamps: [string, string | null][] = [
    ['date', article.publishedAt],
    ['lastmod', article.modifiedAt],
  ];
  for (const [field, value] of timestamps) {
    if (value !== null && !isIsoTimestamp(value)) {
      problem(field, `expected an ISO timestamp, got "${value}"`);
    }
  }
  return problems;
}
