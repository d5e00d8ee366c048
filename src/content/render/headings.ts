/**
 * Headings inside an article: the page's title is its only <h1>, so a body that uses `#` is
 * shifted one level down (keeping the author's relative levels); every heading gets a stable,
 * deduplicated id (GitHub's slugs, so an author's `[see](#some-heading)` keeps working) and an
 * anchor link; the list of headings is the table of contents.
 */

import GithubSlugger from 'github-slugger';
import type { Element, Root } from 'hast';
import { toString as textOf } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { TocEntry } from './types.ts';

/** Ids the page around the body already uses: a heading never takes one of them. */
export const RESERVED_IDS = [
  'main',
  'site-search',
  'post-meta',
  'toc',
  'similar-posts',
  'footnote-label',
];

const HEADING = /^h([1-6])$/;

function depthOf(node: Element): number | null {
  const match = HEADING.exec(node.tagName);
  return match ? Number(match[1]) : null;
}

function isFootnotes(node: Element): boolean {
  const classes = node.properties.className;
  return node.tagName === 'section' && Array.isArray(classes) && classes.includes('footnotes');
}

/** The body's headings in order, leaving out the footnotes' own (screen-reader) heading. */
function bodyHeadings(tree: Root): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (node) => {
    if (isFootnotes(node)) {
      return 'skip';
    }
    if (depthOf(node) !== null) {
      found.push(node);
    }
    return undefined;
  });
  return found;
}

/**
 * Demotes, numbers and anchors the headings in place; returns the table of contents.
 *
 * @example
 * // "# A\n## B" → <h2 id="a">A <a class="anchor" href="#a">#</a></h2><h3 id="b">…
 */
export function processHeadings(tree: Root): TocEntry[] {
  const headings = bodyHeadings(tree);
  const top = Math.min(...headings.map((h) => depthOf(h) ?? 6));
  const shift = top < 2 ? 2 - top : 0;
  const slugger = new GithubSlugger();
  for (const id of RESERVED_IDS) {
    slugger.slug(id);
  }
  const toc: TocEntry[] = [];
  for (const heading of headings) {
    const depth = Math.min(6, (depthOf(heading) ?? 6) + shift);
    heading.tagName = `h${depth}`;
    const text = textOf(heading).replace(/\s+/g, ' ').trim();
    if (text === '') {
      delete heading.properties.id;
      continue;
    }
    const id = slugger.slug(text) || slugger.slug('section');
    heading.properties.id = id;
    heading.children.push(
      { type: 'text', value: ' ' },
      {
        type: 'element',
        tagName: 'a',
        properties: { className: ['anchor'], href: `#${id}`, ariaLabel: 'Link to this section' },
        children: [{ type: 'text', value: '#' }],
      },
    );
    toc.push({ depth, id, text });
  }
  return toc;
}
