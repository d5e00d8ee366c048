/**
 * Converts a Markdown body into the site's sections and blocks (plain text paragraphs, lists and
 * code), using markdown-it's parser with raw HTML disabled.
 *
 * Why blocks and not HTML: pages render blocks through hono/jsx, which escapes every string, so
 * nothing an author writes can become markup. With `html: false` markdown-it treats `<script>` and
 * `<div>` as literal text, and that text is stored as text: no HTML string is produced, stored or
 * rendered. The price is that inline formatting (bold, italics) is flattened; links keep their
 * target in brackets, and images their alt text.
 */
import MarkdownIt, { type Token } from 'markdown-it';
import type { Block, Section } from './types.ts';

const parser = new MarkdownIt('default', { html: false, linkify: false, typographer: false });

export interface MarkdownBody {
  sections: Section[];
  /** The text of a level-1 heading that opens the body (often a copy of the title). */
  leadingH1: string | null;
  images: number;
}

const SHOWN_LINK = /^(https?:|mailto:)/i;

function inlineText(children: Token[] | null, stats: { images: number }): string {
  let out = '';
  const links: { href: string; start: number }[] = [];
  for (const token of children ?? []) {
    switch (token.type) {
      case 'text':
      case 'code_inline':
      case 'html_inline':
        out += token.content;
        break;
      case 'softbreak':
      case 'hardbreak':
        out += ' ';
        break;
      case 'image':
        stats.images++;
        out += token.content;
        break;
      case 'link_open':
        links.push({ href: String(token.attrGet('href') ?? ''), start: out.length });
        break;
      case 'link_close': {
        const link = links.pop();
        const label = link ? out.slice(link.start).trim() : '';
        // Keep an absolute target readable in the text; relative and in-page links mean nothing
        // once the article lives on this site.
        if (link && SHOWN_LINK.test(link.href) && label !== link.href.replace(/^mailto:/i, '')) {
          out += ` (${link.href})`;
        }
        break;
      }
      default:
        break;
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * @example
 * markdownToSections('Intro\n\n## Setup\n\n```sh\nnpm ci\n```').sections
 * // [{ heading: null, blocks: [{ kind: 'paragraph', text: 'Intro' }] },
 * //  { heading: 'Setup', blocks: [{ kind: 'code', code: 'npm ci', language: 'sh' }] }]
 */
export function markdownToSections(body: string): MarkdownBody {
  const tokens = parser.parse(body, {});
  const stats = { images: 0 };
  const sections: Section[] = [{ heading: null, blocks: [] }];
  let current = sections[0] as Section;
  let leadingH1: string | null = null;
  let headingTag: string | null = null;
  let listDepth = 0;
  let list: Extract<Block, { kind: 'list' }> | null = null;
  const openItems: number[] = [];
  let table: string[] | null = null;
  let row: string[] | null = null;
  let seenBlock = false;

  const appendToItem = (text: string) => {
    const index = openItems[openItems.length - 1];
    if (list && index !== undefined && text !== '') {
      const before = list.items[index] ?? '';
      list.items[index] = before === '' ? text : `${before} ${text}`;
    }
  };

  for (const token of tokens) {
    switch (token.type) {
      case 'heading_open':
        if (listDepth === 0 && table === null) {
          headingTag = token.tag;
        }
        break;
      case 'bullet_list_open':
      case 'ordered_list_open':
        if (listDepth === 0) {
          list = { kind: 'list', items: [] };
          current.blocks.push(list);
        }
        listDepth++;
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        listDepth--;
        if (listDepth === 0 && list) {
          list.items = list.items.filter((item) => item !== '');
          if (list.items.length === 0) {
            current.blocks.pop();
          }
          list = null;
        }
        break;
      case 'list_item_open':
        // Nested items become items of their own, in reading order: a Block list is flat.
        if (list) {
          list.items.push('');
          openItems.push(list.items.length - 1);
        }
        break;
      case 'list_item_close':
        openItems.pop();
        break;
      case 'table_open':
        table = [];
        break;
      case 'tr_open':
        row = [];
        break;
      case 'tr_close':
        if (table && row) {
          table.push(row.join(' | '));
        }
        row = null;
        break;
      case 'table_close':
        // A table becomes a list of its rows, cells joined by " | ".
        if (table && table.length > 0) {
          current.blocks.push({ kind: 'list', items: table });
        }
        table = null;
        break;
      case 'inline': {
        const text = inlineText(token.children, stats);
        if (headingTag !== null) {
          if (!seenBlock && headingTag === 'h1') {
            leadingH1 = text;
          }
          if (text !== '') {
            current = { heading: text, blocks: [] };
            sections.push(current);
          }
          headingTag = null;
        } else if (row) {
          row.push(text);
        } else if (listDepth > 0) {
          appendToItem(text);
        } else if (text !== '') {
          current.blocks.push({ kind: 'paragraph', text });
        }
        seenBlock = true;
        break;
      }
      case 'fence':
      case 'code_block': {
        const code = token.content.replace(/\n$/, '');
        const language = token.type === 'fence' ? token.info.trim().split(/\s+/)[0] || null : null;
        if (listDepth > 0) {
          appendToItem(code);
        } else if (code.trim() !== '') {
          current.blocks.push({ kind: 'code', code, language: language?.toLowerCase() ?? null });
        }
        seenBlock = true;
        break;
      }
      case 'html_block':
        // Not produced with html: false; kept as text if a future option ever changes that.
        if (token.content.trim() !== '') {
          current.blocks.push({ kind: 'paragraph', text: token.content.trim() });
        }
        seenBlock = true;
        break;
      default:
        break;
    }
  }
  return {
    sections: sections.filter((s) => s.heading !== null || s.blocks.length > 0),
    leadingH1,
    images: stats.images,
  };
}
