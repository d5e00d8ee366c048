/**
 * The freshness score (0–100): how current an article's advice is likely to be at a given day.
 * A pure function of the article's dates, revision status and review flag, so the same article
 * on the same day always scores the same. docs/JOBS.md explains the constants and which date
 * the decay counts from: the last review, else the last update (a Markdown `lastmod`/`updated`),
 * else the publication date.
 */

/** Days after which the time-dependent part of the score has halved. */
export const FRESHNESS_HALF_LIFE_DAYS = 365;
/** No article scores below this: old but sound explanations are still worth something. */
export const FRESHNESS_FLOOR = 10;
/** Multipliers by revision status; statuses not listed count as unreviewed. */
export const FRESHNESS_STATUS_FACTORS: Readonly<Record<string, number>> = {
  published: 1,
  reviewed: 1,
  drafted: 0.85,
  'needs changes': 0.6,
};
export const FRESHNESS_UNKNOWN_STATUS_FACTOR = 0.85;
/** An article flagged for human review is known to need a check before it can be trusted. */
export const FRESHNESS_NEEDS_REVIEW_FACTOR = 0.8;

export interface FreshnessInput {
  /** YYYY-MM-DD of the last editorial review, or null. */
  lastReviewed: string | null;
  /** ISO timestamp of the last content change (`lastmod`/`updated`); used when never reviewed. */
  updatedAt: string | null;
  /** ISO timestamp of publication; used when neither of the above is a date. */
  publishedAt: string | null;
  revisionStatus: string;
  needsHumanReview: boolean;
}

const DAY_MS = 86_400_000;

/** Whole UTC days since the epoch, or null when the text is not a date. */
function utcDay(text: string | null): number | null {
  if (text === null || text.trim() === '') {
    return null;
  }
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isNaN(ms) ? null : Math.floor(ms / DAY_MS);
}

/**
 * The day (UTC days since the epoch) the decay counts from: the last review, else the last update
 * (`lastmod`/`updated`), else publication. A missing or malformed date is skipped rather than
 * failing the refresh: each later one is still a true lower bound on how current the article is.
 * Throws FreshnessInputError naming all three when none is a date.
 *
 * @example
 * freshnessReference({ lastReviewed: null, updatedAt: null, publishedAt: '2024-05-01T00:00:00Z',
 *   revisionStatus: 'published', needsHumanReview: false }); // 19844 (2024-05-01)
 */
export function freshnessReference(input: FreshnessInput): number {
  const reference =
    utcDay(input.lastReviewed) ?? utcDay(input.updatedAt) ?? utcDay(input.publishedAt);
  if (reference === null) {
    throw new FreshnessInputError(
      `none of last_reviewed "${input.lastReviewed}", updated_at "${input.updatedAt}" and published "${input.publishedAt}" is a date`,
    );
  }
  return reference;
}

export class FreshnessInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FreshnessInputError';
  }
}

/**
 * score = round(FLOOR + (100 − FLOOR) × 0.5^(age_days / HALF_LIFE) × status × review)
 * where age_days counts whole UTC days from the reference date (freshnessReference) to `now`,
 * and is 0 for dates in the future.
 *
 * @example
 * freshnessScore(
 *   { lastReviewed: '2025-04-26', updatedAt: '2024-01-01T00:00:00Z', revisionStatus: 'reviewed', needsHumanReview: false },
 *   new Date('2026-04-26T12:00:00Z'),
 * ); // 55: one half-life after the review
 */
export function freshnessScore(input: FreshnessInput, now: Date): number {
  const reference = freshnessReference(input);
  const today = Math.floor(now.getTime() / DAY_MS);
  const ageDays = Math.max(0, today - reference);
  const decay = 0.5 ** (ageDays / FRESHNESS_HALF_LIFE_DAYS);
  const status =
    FRESHNESS_STATUS_FACTORS[input.revisionStatus.trim().toLowerCase()] ??
    FRESHNESS_UNKNOWN_STATUS_FACTOR;
  const review = input.needsHumanReview ? FRESHNESS_NEEDS_REVIEW_FACTOR : 1;
  return Math.round(FRESHNESS_FLOOR + (100 - FRESHNESS_FLOOR) * decay * status * review);
}
