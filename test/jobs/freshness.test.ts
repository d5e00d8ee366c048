import { describe, expect, it } from 'vitest';
import {
  FRESHNESS_FLOOR,
  type FreshnessInput,
  FreshnessInputError,
  freshnessReference,
  freshnessScore,
} from '../../src/jobs/freshness.ts';

const now = new Date('2026-04-26T12:00:00Z');
const reviewed = (
  lastReviewed: string | null,
  extra: Partial<FreshnessInput> = {},
): FreshnessInput => ({
  lastReviewed,
  updatedAt: '2024-01-01T00:00:00.000Z',
  publishedAt: '2023-01-01T00:00:00.000Z',
  revisionStatus: 'reviewed',
  needsHumanReview: false,
  ...extra,
});

describe('freshnessScore', () => {
  it('is 100 on the day of a review and halves its distance to the floor every 365 days', () => {
    expect(freshnessScore(reviewed('2026-04-26'), now)).toBe(100);
    expect(freshnessScore(reviewed('2025-04-26'), now)).toBe(55); // 10 + 90 × 0.5
    expect(freshnessScore(reviewed('2024-04-26'), now)).toBe(33); // 10 + 90 × 0.25 (730 days)
  });

  it('counts whole UTC days: the score only changes once a day', () => {
    const early = freshnessScore(reviewed('2025-10-01'), new Date('2026-04-26T00:00:01Z'));
    const late = freshnessScore(reviewed('2025-10-01'), new Date('2026-04-26T23:59:59Z'));
    expect(early).toBe(late);
  });

  it('never drops below the floor, and treats future review dates as today', () => {
    expect(freshnessScore(reviewed('1990-01-01'), now)).toBe(FRESHNESS_FLOOR);
    expect(freshnessScore(reviewed('2030-01-01'), now)).toBe(100);
  });

  it('discounts unreviewed statuses and articles flagged for review', () => {
    expect(freshnessScore(reviewed('2026-04-26', { revisionStatus: 'Published' }), now)).toBe(100);
    expect(freshnessScore(reviewed('2026-04-26', { revisionStatus: 'drafted' }), now)).toBe(87); // 10 + 90 × 0.85 = 86.5
    expect(freshnessScore(reviewed('2026-04-26', { revisionStatus: 'needs changes' }), now)).toBe(
      64,
    );
    expect(freshnessScore(reviewed('2026-04-26', { revisionStatus: 'someday' }), now)).toBe(87);
    expect(freshnessScore(reviewed('2026-04-26', { needsHumanReview: true }), now)).toBe(82);
  });

  it('falls back to the update date when there is no usable review date', () => {
    const byUpdate = freshnessScore(reviewed(null, { updatedAt: '2025-04-26T08:00:00.000Z' }), now);
    expect(byUpdate).toBe(55);
    expect(
      freshnessScore(reviewed('not a date', { updatedAt: '2025-04-26T08:00:00.000Z' }), now),
    ).toBe(55);
  });

  it('falls back to the publication date when neither review nor update is a date', () => {
    // A Markdown post with only `date`: it ages from its publication.
    const published = reviewed(null, { updatedAt: null, publishedAt: '2025-04-26T00:00:00Z' });
    expect(freshnessScore(published, now)).toBe(55);
    expect(freshnessReference(published)).toBe(Date.parse('2025-04-26T00:00:00Z') / 86_400_000);
    expect(
      freshnessScore(reviewed('', { updatedAt: 'n/a', publishedAt: '2025-04-26T00:00:00Z' }), now),
    ).toBe(55);
  });

  it('prefers the review to the update, and the update to the publication', () => {
    const all = reviewed('2026-04-26', {
      updatedAt: '2025-04-26T00:00:00Z',
      publishedAt: '2024-04-26T00:00:00Z',
    });
    expect(freshnessScore(all, now)).toBe(100);
    expect(freshnessScore({ ...all, lastReviewed: null }, now)).toBe(55);
    expect(freshnessScore({ ...all, lastReviewed: null, updatedAt: null }, now)).toBe(33);
  });

  it('names all three fields when none is a date', () => {
    expect(() =>
      freshnessScore(reviewed(null, { updatedAt: 'yesterday', publishedAt: null }), now),
    ).toThrow(FreshnessInputError);
    expect(() =>
      freshnessScore(reviewed('soon', { updatedAt: 'yesterday', publishedAt: 'once' }), now),
    ).toThrow(/last_reviewed "soon", updated_at "yesterday" and published "once"/);
  });
});
