/**
 * The plain-text copy of a body, for search and similar posts: the words a reader reads, without
 * code blocks (identifiers would swamp the vocabulary), URLs or footnote back-links.
 */
import type { Element, Root, RootContent } from 'hast';
import { toText } from 'hast-util-to-text';

const URL_TEXT = /\b(?:https?:\/\/|www\.)\S+/gi;

function isDropped(node: Element): boolean {
  if (node.tagName === 'pre') {
    return true;
  }
  const backref = node.properties.dataFootnoteBackref;
  return node.tagName === 'a' && backref !== undefined && backref !== null;
}

function withoutDropped(nodes: RootContent[]): RootContent[] {
  const out: RootContent[] = [];
  for (const node of nodes) {
    if (node.type === 'element') {
      if (!isDropped(node)) {
        out.push({ ...node, children: withoutDropped(node.children) as Element['children'] });
      }
    } else {
      out.push(node);
    }
  }
  return out;
}

export function plainText(tree: Root): string {
  const copy: Root = { type: 'root', children: withoutDropped(tree.children) };
  return toText(copy)
    .replace(URL_TEXT, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
