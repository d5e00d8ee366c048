/**
 * Parses an alphanode page export (the text of an article page as the site shows it: title,
 * body sections, then the "alphanode post meta" box whose labels are glued to their values,
 * e.g. "reading time9"). Pure TypeScript: runs in Node (the importer) and in Workers.
 */
import type { Problem } from './problem.ts';
import type { ArticleInput, Block, Entity, Section } from './types.ts';

/** `warnings`: problems that do not stop the import (e.g. template syntax removed from a body). */
export type ParseResult =
  | { ok: true; article: ArticleInput; warnings?: Problem[] }
  | { ok: false; errors: Problem[] };

export const META_HEADING = 'alphanode post meta';
export const SIMILAR_HEADING = 'Similar Posts';

/** Labels whose value is glued to the label on the same line. */
const SCALAR_LABELS = [
  'topic',
  'summary',
  'ai brief',
  'code language',
  'difficulty',
  'reading time',
  'view count',
  'reference',
  'hash',
] as const;
/** Labels alone on their line, followed by "•" items. */
const LIST_LABELS = [
  'ai outline',
  'stack',
  'tools',
  'score',
  'revision',
  'flags',
  'checklist',
  'entities',
  'payload',
  'notes',
] as const;

type ScalarLabel = (typeof SCALAR_LABELS)[number];
type ListLabel = (typeof LIST_LABELS)[number];

interface Line {
  number: number;
  text: string;
}

interface ListItem {
  line: number;
  depth: number;
  text: string;
}

// Longest first, so that "ai brief" is tried before a shorter label that prefixes it.
const SCALARS_LONGEST_FIRST = [...SCALAR_LABELS].sort((a, b) => b.length - a.length);

function bulletOf(text: string): { depth: number; text: string } | null {
  const match = /^(\s*)•\s?(.*)$/.exec(text);
  if (!match) {
    return null;
  }
  return { depth: (match[1] ?? '').length, text: (match[2] ?? '').trim() };
}

/** A body line is a heading when it is short and does not end like a sentence. */
function isHeading(text: string): boolean {
  return text.length <= 100 && !/[.!?:;,)"'`]$/.test(text) && bulletOf(text) === null;
}

function parseBody(lines: Line[]): Section[] {
  const sections: Section[] = [{ heading: null, blocks: [] }];
  let current = sections[0] as Section;
  for (const line of lines) {
    const text = line.text.trimEnd();
    if (text.trim() === '') {
      continue;
    }
    const bullet = bulletOf(text);
    if (bullet) {
      const last: Block | undefined = current.blocks[current.blocks.length - 1];
      if (last?.kind === 'list') {
        last.items.push(bullet.text);
      } else {
        current.blocks.push({ kind: 'list', items: [bullet.text] });
      }
    } else if (isHeading(text.trim())) {
      current = { heading: text.trim(), blocks: [] };
      sections.push(current);
    } else {
      current.blocks.push({ kind: 'paragraph', text: text.trim() });
    }
  }
  return sections.filter((s) => s.heading !== null || s.blocks.length > 0);
}

class MetaReader {
  readonly errors: Problem[] = [];
  readonly scalars = new Map<ScalarLabel, { line: number; value: string }>();
  readonly lists = new Map<ListLabel, { line: number; items: ListItem[] }>();

  read(lines: Line[]): void {
    let list: ListItem[] | null = null;
    for (const line of lines) {
      const text = line.text.trimEnd();
      if (text.trim() === '') {
        continue;
      }
      const bullet = bulletOf(text);
      if (bullet) {
        if (list) {
          list.push({ line: line.number, depth: bullet.depth, text: bullet.text });
        } else {
          this.errors.push({
            line: line.number,
            field: 'meta',
            message: `list item "${bullet.text}" does not follow a list label`,
          });
        }
        continue;
      }
      list = null;
      const trimmed = text.trim();
      const listLabel = LIST_LABELS.find((label) => trimmed === label);
      if (listLabel) {
        list = this.startList(listLabel, line.number);
        continue;
      }
      const scalar = SCALARS_LONGEST_FIRST.find((label) => trimmed.startsWith(label));
      if (scalar) {
        this.setScalar(scalar, trimmed.slice(scalar.length).trim(), line.number);
        continue;
      }
      this.errors.push({
        line: line.number,
        field: 'meta',
        message: `unknown meta label in "${trimmed.slice(0, 60)}"`,
      });
    }
  }

  private startList(label: ListLabel, line: number): ListItem[] {
    if (this.lists.has(label)) {
      this.errors.push({ line, field: label, message: `"${label}" appears twice` });
    }
    const items: ListItem[] = [];
    this.lists.set(label, { line, items });
    return items;
  }

  private setScalar(label: ScalarLabel, value: string, line: number): void {
    if (this.scalars.has(label)) {
      this.errors.push({ line, field: label, message: `"${label}" appears twice` });
    }
    if (value === '') {
      this.errors.push({ line, field: label, message: `label "${label}" has no value` });
    }
    this.scalars.set(label, { line, value });
  }

  scalar(label: ScalarLabel, fallbackLine: number): { line: number; value: string } {
    const found = this.scalars.get(label);
    if (!found) {
      this.errors.push({ line: fallbackLine, field: label, message: `missing "${label}"` });
      return { line: fallbackLine, value: '' };
    }
    return found;
  }

  list(label: ListLabel, fallbackLine: number): ListItem[] {
    const found = this.lists.get(label);
    if (!found) {
      this.errors.push({ line: fallbackLine, field: label, message: `missing "${label}" list` });
      return [];
    }
    return found.items;
  }

  /** Reads "key: value" items of a list into a map, reporting malformed and missing keys. */
  keyed(label: ListLabel, keys: readonly string[], fallbackLine: number): Map<string, ListItem> {
    const values = new Map<string, ListItem>();
    for (const item of this.list(label, fallbackLine)) {
      const colon = item.text.indexOf(':');
      const key = colon < 0 ? '' : item.text.slice(0, colon).trim();
      if (!keys.includes(key)) {
        this.errors.push({
          line: item.line,
          field: label,
          message: `expected one of ${keys.map((k) => `"${k}: …"`).join(', ')}, got "${item.text}"`,
        });
        continue;
      }
      values.set(key, { ...item, text: item.text.slice(colon + 1).trim() });
    }
    const line = this.lists.get(label)?.line ?? fallbackLine;
    if (this.lists.has(label)) {
      for (const key of keys) {
        if (!values.has(key)) {
          this.errors.push({ line, field: `${label}.${key}`, message: `missing "${key}"` });
        }
      }
    }
    return values;
  }

  integer(field: string, line: number, text: string, range?: [number, number]): number {
    if (!/^-?\d+$/.test(text)) {
      this.errors.push({ line, field, message: `expected a whole number, got "${text}"` });
      return 0;
    }
    const value = Number(text);
    if (range && (value < range[0] || value > range[1])) {
      this.errors.push({
        line,
        field,
        message: `expected a number from ${range[0]} to ${range[1]}, got ${value}`,
      });
    }
    return value;
  }

  flag(field: string, item: ListItem | undefined): boolean {
    if (!item) {
      return false;
    }
    if (item.text !== '0' && item.text !== '1') {
      this.errors.push({ line: item.line, field, message: `expected 0 or 1, got "${item.text}"` });
    }
    return item.text === '1';
  }

  date(field: string, item: ListItem | undefined): string | null {
    if (!item || item.text === '' || item.text === 'never') {
      return null;
    }
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(item.text);
    const parsed = match ? new Date(`${item.text}T00:00:00Z`) : null;
    if (
      !parsed ||
      Number.isNaN(parsed.getTime()) ||
      parsed.toISOString().slice(0, 10) !== item.text
    ) {
      this.errors.push({
        line: item.line,
        field,
        message: `expected a real date as YYYY-MM-DD, got "${item.text}"`,
      });
      return null;
    }
    return item.text;
  }
}

function parseEntities(items: ListItem[], reader: MetaReader): Entity[] {
  const entities: Entity[] = [];
  let pending: { name: string; line: number } | null = null;
  for (const item of items) {
    const [key, ...rest] = item.text.split(':');
    const value = rest.join(':').trim();
    if (key?.trim() === 'name') {
      if (pending) {
        reader.errors.push({
          line: pending.line,
          field: 'entities',
          message: `entity "${pending.name}" has no "type: …" item`,
        });
      }
      pending = { name: value, line: item.line };
    } else if (key?.trim() === 'type' && pending) {
      entities.push({ name: pending.name, type: value });
      pending = null;
    } else {
      reader.errors.push({
        line: item.line,
        field: 'entities',
        message: `expected "name: …" followed by "type: …", got "${item.text}"`,
      });
    }
  }
  if (pending) {
    reader.errors.push({
      line: pending.line,
      field: 'entities',
      message: `entity "${pending.name}" has no "type: …" item`,
    });
  }
  return entities;
}

/**
 * @example
 * const result = parseAlphanode(text, 'alphanode-000989.txt');
 * if (result.ok) console.log(result.article.title);
 * else for (const e of result.errors) console.error(`line ${e.line}: ${e.field}: ${e.message}`);
 */
export function parseAlphanode(text: string, _fileName?: string): ParseResult {
  const lines: Line[] = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((t, i) => ({ number: i + 1, text: t }));

  // Page exports start with a stray "|" separator line before the title.
  const titleLine = lines.find((l) => l.text.trim() !== '' && !/^[|\s]+$/.test(l.text));
  if (!titleLine) {
    return { ok: false, errors: [{ field: 'title', message: 'no title: the file has no text' }] };
  }
  const metaIndex = lines.findIndex((l) => l.text.trim() === META_HEADING);
  if (metaIndex < 0 || titleLine.text.trim() === META_HEADING) {
    const errors: Problem[] = [];
    if (titleLine.text.trim() === META_HEADING) {
      errors.push({
        line: titleLine.number,
        field: 'title',
        message: 'missing title before the meta box',
      });
    }
    if (metaIndex < 0) {
      errors.push({ field: 'meta', message: `missing the "${META_HEADING}" box` });
    }
    return { ok: false, errors };
  }
  const similarIndex = lines.findIndex(
    (l, i) => i > metaIndex && l.text.trim() === SIMILAR_HEADING,
  );
  const bodyLines = lines.slice(titleLine.number, metaIndex);
  const metaLines = lines.slice(metaIndex + 1, similarIndex < 0 ? undefined : similarIndex);
  const metaLine = metaIndex + 1;

  const reader = new MetaReader();
  reader.read(metaLines);

  const outline = reader.keyed(
    'ai outline',
    ['context', 'problem', 'stack', 'recommended action'],
    metaLine,
  );
  const scores = reader.keyed('score', ['quality', 'freshness', 'depth', 'clarity'], metaLine);
  const revision = reader.keyed('revision', ['status', 'version', 'last reviewed'], metaLine);
  const flags = reader.keyed(
    'flags',
    ['ai generated style', 'has images', 'image heavy', 'needs human review'],
    metaLine,
  );
  const payload = reader.keyed(
    'payload',
    ['source id', 'generator', 'paragraphs', 'scenario', 'seed'],
    metaLine,
  );
  const score = (key: string) => {
    const item = scores.get(key);
    return item ? reader.integer(`score.${key}`, item.line, item.text, [0, 100]) : 0;
  };
  const scalar = (label: ScalarLabel) => reader.scalar(label, metaLine).value;
  const number = (label: ScalarLabel) => {
    const { line, value } = reader.scalar(label, metaLine);
    return value === '' ? 0 : reader.integer(label, line, value, [0, Number.MAX_SAFE_INTEGER]);
  };
  const texts = (label: ListLabel) => reader.list(label, metaLine).map((i) => i.text);
  const sourceIdItem = payload.get('source id');
  const seedItem = payload.get('seed');
  const paragraphsItem = payload.get('paragraphs');
  const topic = scalar('topic');

  const article: ArticleInput = {
    sourceId: sourceIdItem?.text ?? '',
    format: 'alphanode',
    slug: null,
    title: titleLine.text.trim(),
    sections: parseBody(bodyLines),
    topic,
    problem: outline.get('problem')?.text ?? topic.split(' / ')[0] ?? topic,
    summary: scalar('summary'),
    outline: {
      context: outline.get('context')?.text ?? '',
      problem: outline.get('problem')?.text ?? '',
      stack: outline.get('stack')?.text ?? '',
      recommendedAction: outline.get('recommended action')?.text ?? '',
    },
    aiBrief: scalar('ai brief'),
    stack: texts('stack'),
    tools: texts('tools'),
    codeLanguage: scalar('code language'),
    difficulty: scalar('difficulty'),
    readingTime: number('reading time'),
    viewCount: number('view count'),
    scores: {
      quality: score('quality'),
      freshness: score('freshness'),
      depth: score('depth'),
      clarity: score('clarity'),
    },
    revision: {
      status: revision.get('status')?.text ?? '',
      version: revision.get('version')?.text ?? '',
      lastReviewed: reader.date('revision.last reviewed', revision.get('last reviewed')),
    },
    reference: scalar('reference'),
    hash: scalar('hash'),
    flags: {
      aiGeneratedStyle: reader.flag('flags.ai generated style', flags.get('ai generated style')),
      hasImages: reader.flag('flags.has images', flags.get('has images')),
      imageHeavy: reader.flag('flags.image heavy', flags.get('image heavy')),
      needsHumanReview: reader.flag('flags.needs human review', flags.get('needs human review')),
    },
    checklist: texts('checklist'),
    entities: parseEntities(reader.list('entities', metaLine), reader),
    payload: {
      sourceId: sourceIdItem?.text ?? '',
      generator: payload.get('generator')?.text ?? '',
      paragraphs: paragraphsItem
        ? reader.integer(
            'payload.paragraphs',
            paragraphsItem.line,
            paragraphsItem.text,
            [0, 100_000],
          )
        : 0,
      scenario: payload.get('scenario')?.text ?? '',
      seed: seedItem ? reader.integer('payload.seed', seedItem.line, seedItem.text) : null,
    },
    notes: texts('notes'),
    author: null,
    publishedAt: null,
    modifiedAt: null,
    draft: false,
  };
  if (sourceIdItem && sourceIdItem.text === '') {
    reader.errors.push({
      line: sourceIdItem.line,
      field: 'payload.source id',
      message: 'source id is empty',
    });
  }
  if (reader.errors.length > 0) {
    // In file order, so an editor can fix them top to bottom.
    const errors = [...reader.errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    return { ok: false, errors };
  }
  return { ok: true, article };
}
