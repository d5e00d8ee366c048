/** The locale-fixed number and date formats every page prints. */
import { describe, expect, it } from 'vitest';
import { countOf, formatDate, formatNumber } from '../../src/pages/format.ts';

describe('page formats', () => {
  it('groups thousands with commas, whatever the runtime locale', () => {
    expect(formatNumber(629898)).toBe('629,898');
    expect(formatNumber(1_234_567)).toBe('1,234,567');
    expect(formatNumber(0)).toBe('0');
  });

  it('counts with the noun in the singular or plural', () => {
    expect(countOf(1, 'article')).toBe('1 article');
    expect(countOf(1200, 'article')).toBe('1,200 articles');
  });

  it('prints dates as day, short month and year in UTC, and leaves a bad date as given', () => {
    expect(formatDate('2022-01-06')).toBe('6 Jan 2022');
    expect(formatDate('2026-12-31T23:30:00.000Z')).toBe('31 Dec 2026');
    expect(formatDate('not a date')).toBe('not a date');
  });
});
