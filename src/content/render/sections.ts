/**
 * An alphanode page export's body (sections of paragraphs, lists and code, all plain text) as
 * HTML's tree, so it takes the same road as every other format: each text is a text node, which
 * the serializer escapes.
 */
import type { Element, ElementContent, Root } from 'hast';
import type { Block, Section } from '../types.ts';

function element(tagName: string, children: ElementContent[], className?: string[]): Element {
  return { type: 'element', tagName, properties: className ? { className } : {}, children };
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}

function blockTree(block: Block): Element {
  switch (block.kind) {
    case 'paragraph':
      return element('p', [text(block.text)]);
    case 'list':
      return element(
        'ul',
        block.items.map((item) => element('li', [text(item)])),
      );
    case 'code':
      return element('pre', [
        element(
          'code',
          [text(block.code)],
          block.language ? [`language-${block.language}`] : undefined,
        ),
      ]);
  }
}

export function sectionsTree(sections: Section[]): Root {
  return {
    type: 'root',
    children: sections.map((section) =>
      element('section', [
        ...(section.heading !== null ? [element('h2', [text(section.heading)])] : []),
        ...section.blocks.map(blockTree),
      ]),
    ),
  };
}
