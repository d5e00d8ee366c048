/**
 * The shared second half of the pipeline, for every source format: a syntax tree of the body
 * (raw HTML already parsed into it) → allowlist sanitizer → plain text → highlighting, headings,
 * links → HTML. What comes after the sanitizer only adds trusted markup (our classes, ids and
 * resolved URLs).
 */
import type { Root } from 'hast';
import { sanitize } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';
import type { Problem } from '../problem.ts';
import { normalizeCodeBlocks } from './code-blocks.ts';
import { processHeadings } from './headings.ts';
import { highlightCode } from './highlight.ts';
import { resolveLinks } from './links.ts';
import { plainText } from './plain-text.ts';
import { sanitizeSchema } from './schema.ts';
import type { RenderedBody, RenderOptions } from './types.ts';

export function finish(tree: Root, options: RenderOptions, problems: Problem[]): RenderedBody {
  normalizeCodeBlocks(tree);
  const clean = sanitize(tree, sanitizeSchema) as Root;
  const text = plainText(clean);
  const { links, images } = resolveLinks(clean, options);
  const toc = processHeadings(clean);
  highlightCode(clean);
  const html = toHtml(clean).trim();
  return { html, toc, text, problems, links, images };
}
