/** Small, locale-fixed formatting for dates and numbers, so pages render the same everywhere. */

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/**
 * @example
 * formatDate('2022-01-06') // '6 Jan 2022'
 */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

// Built once: Number.prototype.toLocaleString builds a new formatter on every call, which was
// about 2% of an uncached article's own CPU time in a profile of the Worker (one call per page).
const numberFormat = new Intl.NumberFormat('en-US');

/**
 * @example
 * formatNumber(629898) // '629,898'
 */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/**
 * A count with its noun, singular or plural.
 *
 * @example
 * countOf(1, 'article') // '1 article'
 * countOf(1200, 'article') // '1,200 articles'
 */
export function countOf(count: number, noun: string): string {
  return `${formatNumber(count)} ${noun}${count === 1 ? '' : 's'}`;
}
