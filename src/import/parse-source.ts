/**
 * One source file to one checked article: decode the bytes, pick the parser by extension,
 * parse, then run the shared validator. Every problem comes back with its field and, when the
 * parser knows it, its line.
 */
import { type ParseError, parseAlphanode } from '../content/alphanode.ts';
import { decodeSource, MAX_FILE_BYTES } from '../content/decode.ts';
import { parseMarkdown } from '../content/markdown.ts';
import type { ArticleInput, SourceFormat } from '../content/types.ts';
import { validateArticle } from '../content/validate.ts';

export type Problem = ParseError;

/** `warnings`: problems that do not stop the import (template syntax removed from a body). */
export type SourceResult =
  | { ok: true; article: ArticleInput; warnings?: Problem[] }
  | { ok: false; problems: Problem[] };

const MARKDOWN_EXTENSIONS = ['.md', '.markdown'];
/** Extensions a directory walk picks up; a file named on the command line is read whatever its name. */
export const SOURCE_EXTENSIONS = ['.txt', ...MARKDOWN_EXTENSIONS];

/**
 * @example
 * formatOf('posts/hello.md') // 'markdown'
 * formatOf('exports/alphanode-000989.txt') // 'alphanode'
 */
export function formatOf(path: string): SourceFormat {
  const lower = path.toLowerCase();
  return MARKDOWN_EXTENSIONS.some((ext) => lower.endsWith(ext)) ? 'markdown' : 'alphanode';
}

/**
 * @example
 * const result = parseSource('posts/hello.md', bytes);
 * if (!result.ok) for (const p of result.problems) console.error(p.line, p.field, p.message);
 */
export function parseSource(
  path: string,
  bytes: Uint8Array,
  maxBytes = MAX_FILE_BYTES,
): SourceResult {
  const decoded = decodeSource(bytes, maxBytes);
  if (!decoded.ok) {
    return { ok: false, problems: [decoded.problem] };
  }
  const parsed =
    formatOf(path) === 'markdown'
      ? parseMarkdown(decoded.text, path)
      : parseAlphanode(decoded.text, path);
  if (!parsed.ok) {
    return { ok: false, problems: parsed.errors };
  }
  const problems = validateArticle(parsed.article);
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, article: parsed.article, warnings: parsed.warnings };
}
