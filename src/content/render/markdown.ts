/**
 * Markdown (CommonMark + GFM: tables, strikethrough, task lists, autolinks, footnotes) to a
 * syntax tree with unified: remark-parse and remark-gfm read it, remark-rehype turns it into
 * HTML's tree keeping raw HTML, rehype-raw parses that raw HTML into the same tree, so the
 * sanitizer sees one tree whatever the author mixed.
 */
import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import rehypeRaw from 'rehype-raw';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { Problem } from '../problem.ts';
import { type Range, removeTemplates } from './templates.ts';

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  // No prefix here: the sanitizer prefixes every id once (footnotes included), and links.ts
  // points the footnote links at the prefixed ids.
  .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '' })
  .use(rehypeRaw)
  .freeze();

function codeRanges(tree: MdastRoot): Range[] {
  const ranges: Range[] = [];
  visit(tree, (node) => {
    if ((node.type === 'code' || node.type === 'inlineCode') && node.position) {
      const { start, end } = node.position;
      if (start.offset !== undefined && end.offset !== undefined) {
        ranges.push([start.offset, end.offset]);
      }
    }
  });
  return ranges;
}

/** The body's tree, with template syntax reported and removed. */
export function markdownTree(
  markdown: string,
  where: { field: string; firstLine: number },
): { tree: HastRoot; problems: Problem[] } {
  let mdast = processor.parse(markdown);
  const { text, problems } = removeTemplates(markdown, codeRanges(mdast), where);
  if (problems.length > 0) {
    mdast = processor.parse(text);
  }
  return { tree: processor.runSync(mdast) as HastRoot, problems };
}

/**
 * A body that opens with its own title as a level-1 heading ("# Title" or "Title\n====="),
 * without that heading: the page already shows the title as its <h1>.
 *
 * @example
 * dropLeadingTitle('# Hello\n\nText', 'Hello') // '\n\nText'
 */
export function dropLeadingTitle(markdown: string, title: string): string {
  const match = /^\s*(?:#[ \t]+(.+?)[ \t#]*|(.+)\n=+[ \t]*)(?:\n|$)/.exec(markdown);
  const heading = (match?.[1] ?? match?.[2])?.trim();
  if (!match || heading === undefined || heading.toLowerCase() !== title.trim().toLowerCase()) {
    return markdown;
  }
  // Keep the line count, so problems still point at the right line of the file.
  return markdown.slice(match[0].length).replace(/^/, '\n'.repeat(match[0].split('\n').length - 1));
}
