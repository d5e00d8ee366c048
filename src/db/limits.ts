/**
 * D1's documented limits (developers.cloudflare.com/d1/platform/limits) that our SQL has to
 * respect. Local D1 (Miniflare) does not enforce all of them, so code must not rely on it.
 */

/** Bound parameters per statement. */
export const D1_MAX_BOUND_PARAMETERS = 100;

/** Bytes of SQL text per statement; matters when values are inlined (remote import files). */
export const D1_MAX_STATEMENT_BYTES = 100_000;

/**
 * Characters of row text per multi-row INSERT. At worst three UTF-8 bytes per character plus
 * quoting, a statement with its values inlined stays under D1_MAX_STATEMENT_BYTES.
 */
export const MAX_TEXT_CHARS_PER_INSERT = 30_000;
