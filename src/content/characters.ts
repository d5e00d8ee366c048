/**
 * Characters a source file must not bring to a page. Two kinds, treated differently:
 *
 * - Control characters (C0, DEL, C1: Unicode's Cc) have no business in text: a NUL written into
 *   HTML, a C1 character from text decoded twice. Tab and newline are text (a body, a folded
 *   YAML description). Any other is refused with the file, field and line: what the editor meant
 *   cannot be guessed.
 * - Invisible formatting characters (bidi overrides and isolates, zero-width spaces and joiners,
 *   the word joiner, a BOM inside text) are legitimate in running text but let a title, tag or
 *   slug read as something else ("Safe‮gnp.exe" shows as "Safeexe.png"). They are removed from
 *   the short fields a reader scans (title, summary, tags...) with a warning; bodies keep them.
 *   A zero-width joiner between two pictographs is part of an emoji (👩‍💻) and is kept.
 */

/** A control character (Cc: C0, DEL, C1) other than tab and newline. */
// Not a non-control, not a tab, not a newline: a control character other than those two.
const CONTROL = /[^\P{Cc}\t\n]/u;

/** Bidi embeddings/overrides (U+202A–U+202E), isolates (U+2066–U+2069), zero-width and BOM. */
const INVISIBLE =
  /[\u202A-\u202E\u2066-\u2069\u200B\u200C\u2060\uFEFF]|(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;

/** "U+202E", with the character's usual name when it has a short one. */
const NAMES: Record<number, string> = {
  0: 'NUL',
  7: 'BEL',
  8: 'backspace',
  11: 'vertical tab',
  12: 'form feed',
  13: 'carriage return',
  27: 'escape',
  127: 'DEL',
  8203: 'zero-width space',
  8204: 'zero-width non-joiner',
  8205: 'zero-width joiner',
  8288: 'word joiner',
  65279: 'zero-width no-break space',
  8238: 'right-to-left override',
  8237: 'left-to-right override',
};

/**
 * @example
 * describeCharacter('\u202E') // 'U+202E (right-to-left override)'
 */
export function describeCharacter(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[code] ?? (code >= 0x202a && code <= 0x2069 ? 'bidi control' : undefined);
  return name ? `${hex} (${name})` : hex;
}

/**
 * The first control character of `text` (tab and newline are text), or null.
 *
 * @example
 * findControl('a\u0000b') // { char: '\u0000', index: 1 }
 * findControl('a\tb\n') // null
 */
export function findControl(text: string): { char: string; index: number } | null {
  const match = CONTROL.exec(text);
  return match ? { char: match[0], index: match.index } : null;
}

/**
 * `text` without invisible formatting characters, and which ones were removed (first of each).
 *
 * @example
 * stripInvisible('Safe\u202Egnp.exe') // { text: 'Safegnp.exe', removed: ['\u202E'] }
 * stripInvisible('👩\u200D💻') // { text: '👩\u200D💻', removed: [] }
 */
export function stripInvisible(text: string): { text: string; removed: string[] } {
  const removed = new Set<string>();
  const clean = text.replace(INVISIBLE, (char) => {
    removed.add(char);
    return '';
  });
  return { text: clean, removed: [...removed] };
}
