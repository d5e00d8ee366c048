/**
 * Author HTML (e.g. WordPress post content) to a syntax tree with hast-util-from-html (parse5,
 * the HTML standard's parser: unclosed and misnested tags end up where a browser puts them).
 */
import type { Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import type { Problem } from '../problem.ts';
import { type Range, removeTemplates } from './templates.ts';

function codeRanges(tree: Root): Range[] {
  const ranges: Range[] = [];
  visit(tree, 'element', (node) => {
    if ((node.tagName === 'pre' || node.tagName === 'code') && node.position) {
      const { start, end } = node.position;
      if (start.offset !== undefined && end.offset !== undefined) {
        ranges.push([start.offset, end.offset]);
      }
      return 'skip';
    }
    return undefined;
  });
  return ranges;
}

export function authorHtmlTree(
  html: string,
  where: { field: string; firstLine: number },
): { tree: Root; problems: Problem[] } {
  let tree = fromHtml(html, { fragment: true });
  const { text, problems } = removeTemplates(html, codeRanges(tree), where);
  if (problems.length > 0) {
    tree = fromHtml(text, { fragment: true });
  }
  return { tree, problems };
}
