/**
 * Checks every parsed article, whatever its format, before anything is written: the rules that
 * the database and the pages rely on (a title, a usable slug, scores 0–100, real dates, no
 * control characters, no invisible formatting in what a reader scans, no date far ahead). The
 * parsers already report most of these with a line number; this is the shared safety net, so a
 * parser that misses a case (a YAML "\0" escape, a JSON "\u202e") can never store a value the
 * site cannot show. checkArticle is the one entry every format goes through.
 */
import { describeCharacter, findControl, stripInvisible } from './characters.ts';
import type { Problem } from './problem.ts';
import { isPlausibleSlug, MAX_SLUG_LENGTH, slugify } from './slug.ts';
import type { ArticleInput } from './types.ts';

/**
 * The line of a field in the source file, when the parser knows it: checks below are made on
 * the parsed article, and an editor still needs to find the value. Keys are the problems' field
 * names ("title", "summary", "tags", "date", "lastmod").
 */
export type FieldLines = Partial<Record<string, number>>;

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
export function validateArticle(article: ArticleInput, lines: FieldLines = {}): Problem[] {
  const problems: Problem[] = [];
  const problem = (field: string, message: string) => problems.push(located(field, message, lines));

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
  for (const [field, text] of textFields(article)) {
    const control = findControl(text);
    if (control) {
      problem(
        field,
        `contains the control character ${describeCharacter(control.char)} at character ${control.index + 1}; expected text (remove it, or check the escapes in the front matter)`,
      );
    }
  }
  return problems;
}

function located(field: string, message: string, lines: FieldLines): Problem {
  const line = lines[field];
  return line === undefined ? { field, message } : { line, field, message };
}

/** Problem field names of ArticleInput keys that read differently to an editor. */
const FIELD_NAMES: Partial<Record<keyof ArticleInput, string>> = {
  sourceId: 'source id',
  publishedAt: 'date',
  modifiedAt: 'lastmod',
  aiBrief: 'ai brief',
  outline: 'ai outline',
  codeLanguage: 'language',
  readingTime: 'reading time',
  viewCount: 'view count',
  redirects: 'aliases',
  sections: 'body',
};

/**
 * Every string an article carries, with the field it belongs to. `extra` is stored as JSON (which
 * escapes control characters) and never shown; `hash` is the source's own checksum.
 */
function textFields(article: ArticleInput): [string, string][] {
  const out: [string, string][] = [];
  const walk = (field: string, value: unknown) => {
    if (typeof value === 'string') {
      out.push([field, value]);
    } else if (Array.isArray(value)) {
      for (const item of value) {
        walk(field, item);
      }
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        // Link and image maps are keyed by what the body wrote.
        walk(field, key);
        walk(field, item);
      }
    }
  };
  for (const [key, value] of Object.entries(article) as [keyof ArticleInput, unknown][]) {
    if (key !== 'extra' && key !== 'hash') {
      walk(FIELD_NAMES[key] ?? key, value);
    }
  }
  return out;
}

/**
 * The short fields a reader scans and trusts to read as written (a title in a list, a tag, the
 * author): invisible formatting characters are removed from them (characters.ts).
 */
const SCANNED = ['title', 'summary', 'topic', 'problem', 'author'] as const;
const SCANNED_LISTS = ['tags', 'stack', 'tools'] as const;

/**
 * `article` with bidi controls and zero-width characters removed from its scanned fields, and a
 * warning per field that had any. Slugs need nothing here: slugify keeps only a-z, 0-9 and "-".
 *
 * @example
 * neutraliseInvisible({ ...article, title: 'Safe\u202Egnp.exe' }).article.title // 'Safegnp.exe'
 */
export function neutraliseInvisible(
  article: ArticleInput,
  lines: FieldLines = {},
): { article: ArticleInput; warnings: Problem[] } {
  const warnings: Problem[] = [];
  const clean = { ...article };
  const warn = (field: string, removed: string[]) =>
    warnings.push(
      located(
        field,
        `removed ${removed.map(describeCharacter).join(', ')} from the ${field}: invisible characters that change how it reads`,
        lines,
      ),
    );
  for (const field of SCANNED) {
    const value = clean[field];
    if (typeof value === 'string') {
      const { text, removed } = stripInvisible(value);
      if (removed.length > 0) {
        // Only a changed value is touched: an unchanged article must keep its content hash.
        clean[field] = text.trim();
        warn(field, removed);
      }
    }
  }
  for (const field of SCANNED_LISTS) {
    const list = clean[field];
    if (list) {
      const results = list.map(stripInvisible);
      const removed = [...new Set(results.flatMap((r) => r.removed))];
      if (removed.length > 0) {
        clean[field] = results.map((r) => r.text.trim()).filter((t) => t !== '');
        warn(field, removed);
      }
    }
  }
  return { article: clean, warnings };
}

/** What checkArticle makes of a parsed article: the article to store, or why not. */
export interface CheckedArticle {
  article: ArticleInput;
  problems: Problem[];
  warnings: Problem[];
}

/**
 * The shared check every format's parsed article goes through before anything is written:
 * invisible characters removed (a warning each), then validateArticle.
 *
 * @example
 * const { article, problems, warnings } = checkArticle(parsed.article, { title: 2 });
 */
export function checkArticle(input: ArticleInput, lines: FieldLines = {}): CheckedArticle {
  const { article, warnings } = neutraliseInvisible(input, lines);
  return { article, problems: validateArticle(article, lines), warnings };
}

/** Days after the import's clock that a publication date may lie (docs/IMPORT.md). */
export const DEFAULT_FUTURE_DAYS = 1;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A `date` or `lastmod` further ahead of the import than `futureDays`: listings are newest
 * first, so a date in year 9999 would pin the article to the top of home and the feed. A date a
 * little ahead (a time zone, a post dated for tomorrow) is accepted; the editor who schedules
 * further ahead imports the post when it is due, or raises the limit.
 *
 * @example
 * futureDateProblems({ ...article, publishedAt: '9999-12-31T00:00:00.000Z' }, now, 1)
 * // [{ field: 'date', message: '"9999-12-31" is 2914113 days after the import (2026-11-01); …' }]
 */
export function futureDateProblems(
  article: ArticleInput,
  now: Date,
  futureDays = DEFAULT_FUTURE_DAYS,
  lines: FieldLines = {},
): Problem[] {
  const problems: Problem[] = [];
  const limit = now.getTime() + futureDays * DAY_MS;
  const dates: [string, string | null][] = [
    ['date', article.publishedAt],
    ['lastmod', article.modifiedAt],
  ];
  for (const [field, value] of dates) {
    const time = value === null ? Number.NaN : Date.parse(value);
    if (time > limit) {
      const days = Math.ceil((time - now.getTime()) / DAY_MS);
      problems.push(
        located(
          field,
          `"${(value as string).slice(0, 10)}" is ${days} days after the import (${now.toISOString().slice(0, 10)}); expected a date at most ${futureDays} day${futureDays === 1 ? '' : 's'} ahead (a later date would put the article first on the home page and in the feed; import it when it is due, or raise the limit with --future-days)`,
          lines,
        ),
      );
    }
  }
  return problems;
}
