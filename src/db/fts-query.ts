/**
 * Turns what a visitor typed into a safe FTS5 MATCH expression. FTS5 has its own query language
 * (quotes, `*`, `^`, `-`, NEAR, AND/OR/NOT, column filters), and a malformed expression is an SQL
 * error, so user text is never passed through: it is cut into words and every word is quoted,
 * which makes each one a plain term. Words are ANDed, as visitors expect from a search box.
 */

/** More words than this add little to ranking and make every query slower. */
export const MAX_SEARCH_TERMS = 8;
const MAX_TERM_LENGTH = 64;

/**
 * The words of `input` as a quoted FTS5 query, or null when there is nothing to search for.
 *
 * @example
 * toFtsQuery('deploy "python" NEAR(x*)') // '"deploy" "python" "near" "x"'
 * toFtsQuery('  --  ') // null
 */
export function toFtsQuery(input: string): string | null {
  const words =
    input
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms = [...new Set(words.map((w) => w.slice(0, MAX_TERM_LENGTH)))].slice(
    0,
    MAX_SEARCH_TERMS,
  );
  if (terms.length === 0) {
    return null;
  }
  // The words hold only letters and digits, so there is no quote to double; doing it anyway keeps
  // this line correct if the word pattern above is ever widened.
  return terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' ');
}
