/**
 * Where a sampled walk's window starts (similarity-rank.ts samplePivot, windowStart): at the first
 * posting whose article id is at or above a pivot id, wrapping to the lowest ids past the end.
 * This is what lets the fan-out read the same window from D1 by a key range instead of an OFFSET
 * (test/db/fanout-windows.test.ts checks the D1 side against these functions).
 */
import { describe, expect, it } from 'vitest';
import { samplePivot, windowStart } from '../../src/jobs/similarity-rank.ts';

/** The window of `visits` postings of `ids` from windowStart, wrapping: what Ranker.walk visits. */
function window(ids: number[], pivot: number, visits: number): number[] {
  const start = windowStart(ids.length, (p) => ids[p] ?? 0, pivot);
  return Array.from({ length: visits }, (_, k) => ids[(start + k) % ids.length] ?? 0);
}

const ids = [3, 8, 20, 41, 90, 91, 150];

describe('a sampled window addressed by article id', () => {
  it('starts at the first id at or above the pivot', () => {
    expect(window(ids, 41, 3)).toEqual([41, 90, 91]);
    expect(window(ids, 21, 3)).toEqual([41, 90, 91]);
  });

  it('wraps to the lowest ids when the list ends before the window is full', () => {
    expect(window(ids, 91, 4)).toEqual([91, 150, 3, 8]);
  });

  it('wraps at once when the pivot lies past the last id', () => {
    expect(windowStart(ids.length, (p) => ids[p] ?? 0, 151)).toBe(0);
    expect(window(ids, 400, 3)).toEqual([3, 8, 20]);
  });

  it('starts at the first posting when the pivot lies before the first id', () => {
    expect(window(ids, 0, 3)).toEqual([3, 8, 20]);
    expect(window(ids, 2, 2)).toEqual([3, 8]);
  });

  it('is the first postings at or above the pivot, then the lowest below it', () => {
    // The definition D1 reads (two key ranges), for every pivot and window length.
    for (let pivot = 0; pivot <= 160; pivot++) {
      for (let visits = 1; visits < ids.length; visits++) {
        const above = ids.filter((id) => id >= pivot).slice(0, visits);
        const below = ids.filter((id) => id < pivot).slice(0, visits - above.length);
        expect(window(ids, pivot, visits)).toEqual([...above, ...below]);
      }
    }
  });

  it('places pivots over every article id up to the largest, whatever the term', () => {
    const seen = new Set<number>();
    for (let article = 1; article <= 2_000; article++) {
      const pivot = samplePivot(article, article % 7, 99);
      expect(pivot).toBeGreaterThanOrEqual(0);
      expect(pivot).toBeLessThanOrEqual(99);
      seen.add(pivot);
    }
    expect(seen.size).toBe(100);
    // The same article and term always give the same pivot: both paths compute it.
    expect(samplePivot(42, 7, 700)).toBe(samplePivot(42, 7, 700));
    expect(samplePivot(42, 7, 0)).toBe(0);
  });
});
