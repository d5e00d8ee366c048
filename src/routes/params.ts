/**
 * Validation of what routes read from the URL, before anything reaches D1: a value that cannot
 * name anything is answered with 400 or 404 straight away.
 */

/** Deeper pages than this are refused: OFFSET makes them costly and nobody reads that far. */
export const MAX_PAGE = 10_000;
export const PER_PAGE = 20;
/** Longest stack/tool/difficulty name a listing URL may carry. */
export const MAX_NAME_LENGTH = 100;
export const MAX_SEARCH_LENGTH = 200;

export const PAGE_ERROR = `page must be a whole number from 1 to ${MAX_PAGE}.`;

/**
 * The page number of `?page=`, 1 when absent, null when it is not a page number.
 *
 * @example
 * parsePage(undefined) // 1
 * parsePage('3') // 3
 * parsePage('-1') // null
 * parsePage('99999999999') // null
 */
export function parsePage(raw: string | undefined): number | null {
  if (raw === undefined) {
    return 1;
  }
  if (!/^[1-9][0-9]{0,5}$/.test(raw)) {
    return null;
  }
  const page = Number(raw);
  return page <= MAX_PAGE ? page : null;
}

/**
 * True when `name` could be a stack, tool or difficulty: not empty, not overlong, and free of
 * control characters and the replacement character that undecodable input turns into.
 *
 * @example
 * isPlausibleName('python services') // true
 * isPlausibleName('a\u0000b') // false
 */
export function isPlausibleName(name: string): boolean {
  return (
    name.trim().length > 0 &&
    name.length <= MAX_NAME_LENGTH &&
    // \p{Cs} matches lone surrogates, which no stored name contains.
    !/[\p{Cc}\p{Cs}\uFFFD]/u.test(name)
  );
}
