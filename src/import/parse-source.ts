/**
 * One source file to one checked article: decode the bytes, pick the parser by extension,
 * parse, then run the shared validator. Every problem comes back with its field and, when the
 * parser knows it, its line.
 */
import { type ParseResult, parseAlphanode } from '../content/alphanode.ts';
import { decodeSource, MAX_FILE_BYTES } from '../content/decode.ts';
import {
  type MarkdownResult,
  parseMarkdown,
  type References,
  type Skip,
} from '../content/markdown.ts';
import type { Problem } from '../content/problem.ts';
import type { ArticleInput, SourceFormat } from '../content/types.ts';
import { checkArticle, type FieldLines } from '../content/validate.ts';

export type SourceResult =
  | {
      ok: true;
      article: ArticleInput;
      /** True when the slug was made from the file name (it may be qualified on a clash). */
      slugFromFile: boolean;
      /** Folders above the file relative to the imported directory ('' at its top). */
      folder: string;
      /** What a Markdown body links to and shows (render/index.ts resolvers). */
      references?: References;
      /** Problems that do not stop the import (template syntax removed from a body). */
      warnings?: Problem[];
      /** Lines of the article's fields in the file, for problems found later (a date's horizon). */
      lines?: FieldLines;
    }
  | { ok: false; problems: Problem[]; skip?: undefined }
  | { ok: false; problems: []; skip: Skip };

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

/** An alphanode export in the Markdown result's shape: its slug comes from its title. */
function alphanodeResult(result: ParseResult): MarkdownResult {
  return result.ok ? { ...result, slugFromFile: false, folder: '' } : result;
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
  relativePath?: string,
): SourceResult {
  const decoded = decodeSource(bytes, maxBytes);
  if (!decoded.ok) {
    return { ok: false, problems: [decoded.problem] };
  }
  const parsed: MarkdownResult =
    formatOf(path) === 'markdown'
      ? parseMarkdown(decoded.text, path, { relativePath })
      : alphanodeResult(parseAlphanode(decoded.text, path));
  if (!parsed.ok) {
    return parsed.skip
      ? { ok: false, problems: [], skip: parsed.skip }
      : { ok: false, problems: parsed.errors };
  }
  const lines = parsed.lines ?? {};
  const checked = checkArticle(parsed.article, lines);
  const warnings = [...(parsed.warnings ?? []), ...checked.warnings];
  return checked.problems.length > 0
    ? { ok: false, problems: checked.problems }
    : {
        ok: true,
        article: checked.article,
        slugFromFile: parsed.slugFromFile,
        folder: parsed.folder,
        references: parsed.references,
        ...(warnings.length > 0 ? { warnings } : {}),
        lines,
      };
}
