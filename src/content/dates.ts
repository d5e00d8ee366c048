/**
 * Dates as real blogs write them, to one ISO timestamp (UTC). Front matter comes from many
 * hands and many generators: Hugo and Zola write RFC 3339, Jekyll "2024-05-01 09:30:00 +0200",
 * people write "2024-4-09", WordPress and RSS write RFC 2822. Every form here is read exactly;
 * anything else (and any date that is not on the calendar, like 2024-02-30) is null, so the
 * caller can report it instead of guessing.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Date.UTC for a real calendar day, or null (2023-02-29, month 13...). */
function calendarDay(year: number, month: number, day: number): number | null {
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  return date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
    ? time
    : null;
}

/** Minutes east of UTC for "Z", "+02:00", "+0200", "+02", "UTC", "GMT"; null when malformed. */
function offsetMinutes(offset: string | undefined): number | null {
  if (offset === undefined || /^(z|utc|gmt)$/i.test(offset)) {
    return 0;
  }
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset);
  if (!match) {
    return null;
  }
  const [hours, minutes] = [Number(match[2]), Number(match[3] ?? 0)];
  if (hours > 23 || minutes > 59) {
    return null;
  }
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function build(
  day: number | null,
  clock: { hour?: string; minute?: string; second?: string; fraction?: string },
  offset: string | undefined,
): string | null {
  const [hour, minute, second] = [
    Number(clock.hour ?? 0),
    Number(clock.minute ?? 0),
    Number(clock.second ?? 0),
  ];
  const east = offsetMinutes(offset);
  if (day === null || east === null || hour > 23 || minute > 59 || second > 60) {
    return null;
  }
  const millis = Math.round(Number(`0${clock.fraction ?? ''}`) * 1000);
  const time = day + ((hour * 60 + minute - east) * 60 + Math.min(second, 59)) * 1000 + millis;
  return new Date(time).toISOString();
}

/** 2024-05-01, 2024-4-9, 2024/05/01, each with an optional time and offset. */
const NUMERIC =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]\s*(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$/i;
/** Mon, 02 Jan 2006 15:04:05 -0700 (RFC 2822: RSS, WordPress exports) and 2 January 2006. */
const WORDED =
  /^(?:[a-z]{3,9},?\s+)?(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?$/i;
/** January 2, 2006 and Jan 2 2006 (American order), with an optional time. */
const WORDED_US =
  /^([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?$/i;

function monthNumber(name: string): number | null {
  const index = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return index < 0 ? null : index + 1;
}

/**
 * The ISO timestamp (UTC) a date in front matter stands for, or null when it is not a date.
 * A time without an offset is taken as UTC, as Hugo and Zola do without a configured zone.
 *
 * @example
 * parseTimestamp('2024-05-01') // '2024-05-01T00:00:00.000Z'
 * parseTimestamp('2024-4-09') // '2024-04-09T00:00:00.000Z'
 * parseTimestamp('2024-05-01 10:00:00 +0200') // '2024-05-01T08:00:00.000Z'
 * parseTimestamp('Wed, 01 May 2024 10:00:00 +0000') // '2024-05-01T10:00:00.000Z'
 * parseTimestamp('2024-02-30') // null
 */
export function parseTimestamp(text: string): string | null {
  const value = text.trim();
  let match = NUMERIC.exec(value);
  if (match) {
    const day = calendarDay(Number(match[1]), Number(match[2]), Number(match[3]));
    return build(
      day,
      { hour: match[4], minute: match[5], second: match[6], fraction: match[7] },
      match[8],
    );
  }
  match = WORDED.exec(value);
  if (match) {
    const month = monthNumber(match[2] as string);
    const day = month === null ? null : calendarDay(Number(match[3]), month, Number(match[1]));
    return build(day, { hour: match[4], minute: match[5], second: match[6] }, match[7]);
  }
  match = WORDED_US.exec(value);
  if (match) {
    const month = monthNumber(match[1] as string);
    const day = month === null ? null : calendarDay(Number(match[3]), month, Number(match[2]));
    return build(day, { hour: match[4], minute: match[5], second: match[6] }, match[7]);
  }
  return null;
}

/**
 * A date written into a URL or file name, as Zola's `path` ("2018/05/10/Rust-1.26"), Jekyll's
 * "2024-05-01-my-post.md" and WordPress permalinks carry it; null when there is none.
 *
 * @example
 * dateInPath('2018/05/10/Rust-1.26') // '2018-05-10T00:00:00.000Z'
 * dateInPath('_posts/2024-05-01-my-post.md') // '2024-05-01T00:00:00.000Z'
 */
export function dateInPath(path: string): string | null {
  const match =
    /(?:^|\/)(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\/|$)/.exec(path) ??
    /(?:^|\/)(\d{4})-(\d{2})-(\d{2})[-_][^/]*$/.exec(path);
  if (!match) {
    return null;
  }
  const day = calendarDay(Number(match[1]), Number(match[2]), Number(match[3]));
  return day === null ? null : new Date(day).toISOString();
}
