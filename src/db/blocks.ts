/** Converts body sections to the flat rows of article_blocks and back. */
import type { Block, Section } from '../content/types.ts';

export interface BlockRow {
  position: number;
  kind: 'heading' | 'paragraph' | 'item' | 'code';
  text: string;
  language: string | null;
}

export function flattenBlocks(sections: Section[]): BlockRow[] {
  const rows: BlockRow[] = [];
  const push = (kind: BlockRow['kind'], text: string, language: string | null = null) =>
    rows.push({ position: rows.length, kind, text, language });
  for (const section of sections) {
    if (section.heading !== null) {
      push('heading', section.heading);
    }
    for (const block of section.blocks) {
      if (block.kind === 'paragraph') {
        push('paragraph', block.text);
      } else if (block.kind === 'code') {
        push('code', block.code, block.language);
      } else {
        for (const item of block.items) {
          push('item', item);
        }
      }
    }
  }
  return rows;
}

/** Rebuilds sections from rows ordered by position: a heading starts a section, adjacent items form one list. */
export function sectionsFromBlocks(rows: readonly BlockRow[]): Section[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  for (const row of rows) {
    if (row.kind === 'heading' || !current) {
      current = { heading: row.kind === 'heading' ? row.text : null, blocks: [] };
      sections.push(current);
      if (row.kind === 'heading') {
        continue;
      }
    }
    const last: Block | undefined = current.blocks[current.blocks.length - 1];
    if (row.kind === 'item') {
      if (last?.kind === 'list') {
        last.items.push(row.text);
      } else {
        current.blocks.push({ kind: 'list', items: [row.text] });
      }
    } else if (row.kind === 'code') {
      current.blocks.push({ kind: 'code', code: row.text, language: row.language });
    } else {
      current.blocks.push({ kind: 'paragraph', text: row.text });
    }
  }
  return sections;
}
