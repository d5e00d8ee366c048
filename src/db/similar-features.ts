/**
 * Per-article features for similar posts, extracted once per content change and stored in
 * article_features as vocabulary ids (packed-features.ts). They hold only what the article
 * itself says (its words and phrases, tags, subject, publication period); corpus-wide weights are
 * applied later, when the index is built (docs/JOBS.md, "The model").
 */
import type { ArticleInput } from '../content/types.ts';
import { type BlockRow, flattenBlocks } from './blocks.ts';
import { words } from './text-terms.ts';

/**
 * Distinct words stored per article, most frequent first: a long post's whole vocabulary but for
 * its rarest words. The index reads as many of them as the corpus size allows
 * (similarity-index.ts, RAW_WORD_BUDGET) and weighs them against the corpus.
 */
export const WORDS_KEPT = 256;
/**
 * Where a word appears says how central it is: the title names the topic, headings and the
 * summary outline it, the body explains it.
 */
const TITLE_WEIGHT = 4;
const HEADING_WEIGHT = 2;
const SUMMARY_WEIGHT = 2;

export interface FeatureSource {
  title: string;
  summary: string;
  topic: string;
  problem: string;
  /** Stack tags in order: the first is the article's primary stack. */
  stack: string[];
  tools: string[];
  entities: { name: string; type: string }[];
  /** Section headings of the body. */
  headings: string[];
  /** Body text in reading order (paragraphs, list items); code is left out. */
  body: string[];
  /** Publication date (ISO), or null when unknown. */
  published: string | null;
}

export interface ArticleFeatures {
  stack: string[];
  tools: string[];
  /** "type:name" */
  entities: string[];
  problem: string;
  topic: string;
  /** [word, weighted count], most frequent first. */
  words: [string, number][];
  /** Publication period windows ("2024h1", "2024k2"): nearby dates share one (datePeriods). */
  periods: string[];
}

/**
 * THE text similarity reads from an article's body: its headings and its prose, code left out.
 * Both the job (from stored article_blocks) and offline tools (from parsed sections) go through
 * it, so a different source of plain text (a stored rendering) is a change here only.
 */
export function featureText(
  rows: readonly Pick<BlockRow, 'kind' | 'text'>[],
): Pick<FeatureSource, 'headings' | 'body'> {
  const headings: string[] = [];
  const body: string[] = [];
  for (const row of rows) {
    if (row.kind === 'heading') {
      headings.push(row.text);
    } else if (row.kind !== 'code') {
      body.push(row.text);
    }
  }
  return { headings, body };
}

/**
 * The feature source of an article not read from D1 (tests, benchmarks): the same fields, in the
 * same order, as the job reads from articles, article_tags, article_entities and article_blocks.
 * `published` is what articles.created_at holds: the source's date, else the first import's time.
 */
export function featureSourceOf(
  input: ArticleInput,
  published: string | null = input.publishedAt,
): FeatureSource {
  return {
    title: input.title,
    summary: input.summary,
    topic: input.topic,
    problem: input.problem,
    stack: input.stack,
    tools: input.tools,
    entities: input.entities,
    published,
    ...featureText(flattenBlocks(input.sections)),
  };
}

function tag(value: string): string {
  return value.trim().toLowerCase().replace(/\s+/g, ' ');
}

function uniqueTags(values: string[]): string[] {
  return [...new Set(values.map(tag).filter((v) => v.length > 0))];
}

/**
 * Two overlapping six-month windows around a date: articles published within three months of
 * each other share at least one, in the same month both. A small prior for "written around the
 * same time", cheap enough to live in the index like any other feature.
 *
 * @example
 * datePeriods('2024-05-10'); // ['p2024h1', 'p2024k2']  (Jan–Jun, and Apr–Sep)
 */
export function datePeriods(date: string | null): string[] {
  const match = date ? /^(\d{4})-(\d{2})/.exec(date) : null;
  if (!match) {
    return [];
  }
  const month = Number(match[1]) * 12 + Number(match[2]) - 1;
  const half = Math.floor(month / 6);
  const shifted = Math.floor((month + 3) / 6);
  return [
    `p${Math.floor(half / 2)}h${(half % 2) + 1}`,
    `p${Math.floor(shifted / 2)}k${(shifted % 2) + 1}`,
  ];
}

/** The `limit` highest counts, ties to the term met first (earlier words say more). */
function top(counts: Map<string, number>, limit: number): [string, number][] {
  return [...counts.entries()]
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => b.entry[1] - a.entry[1] || a.i - b.i)
    .slice(0, limit)
    .map(({ entry }) => entry);
}

/**
 * @example
 * extractFeatures({ title: 'Caching pages', summary: '', topic: 'caching', problem: 'caching',
 *   stack: ['cloudflare workers'], tools: ['wrangler'], entities: [], headings: [], body: [],
 *   published: null }).words;
 * // [['caching', 4], ['page', 4]]
 */
export function extractFeatures(source: FeatureSource): ArticleFeatures {
  const counts = new Map<string, number>();
  const add = (text: string, weight: number) => {
    for (const word of words(text)) {
      counts.set(word, (counts.get(word) ?? 0) + weight);
    }
  };
  add(source.title, TITLE_WEIGHT);
  add(source.summary, SUMMARY_WEIGHT);
  for (const text of source.headings) {
    add(text, HEADING_WEIGHT);
  }
  for (const text of source.body) {
    add(text, 1);
  }
  return {
    stack: uniqueTags(source.stack),
    tools: uniqueTags(source.tools),
    entities: uniqueTags(source.entities.map((e) => `${e.type}:${e.name}`)),
    problem: tag(source.problem),
    topic: tag(source.topic),
    words: top(counts, WORDS_KEPT),
    periods: datePeriods(source.published),
  };
}

/** One feature as the index counts it: a prefixed term and a one-byte code. */
export interface FeatureEntry {
  /** "p:problem", "o:topic", "s:stack", "t:tool", "e:type:name", "w:word" or "d:period". */
  term: string;
  /** 0 for the primary stack tag; otherwise a count, 1 for a tag, 1–255 for a word. */
  code: number;
}

/** Code of the primary stack tag: the index weighs it double. */
export const PRIMARY_CODE = 0;

/**
 * The entries of an article in a fixed order (subject, stack, tools, entities, words, periods): the order
 * the index meets terms in decides their numbering, so both the stored form and the index use it.
 *
 * @example
 * featureEntries({ problem: 'caching', topic: 'caching', stack: ['workers'], tools: [],
 *   entities: [], words: [['cache', 4]], periods: [] });
 * // [{ term: 'p:caching', code: 1 }, { term: 's:workers', code: 0 }, { term: 'w:cache', code: 4 }]
 */
export function featureEntries(f: ArticleFeatures): FeatureEntry[] {
  const out: FeatureEntry[] = [];
  if (f.problem) {
    out.push({ term: `p:${f.problem}`, code: 1 });
  }
  if (f.topic && f.topic !== f.problem) {
    out.push({ term: `o:${f.topic}`, code: 1 });
  }
  f.stack.forEach((name, i) => {
    out.push({ term: `s:${name}`, code: i === 0 ? PRIMARY_CODE : 1 });
  });
  for (const name of f.tools) {
    out.push({ term: `t:${name}`, code: 1 });
  }
  for (const name of f.entities) {
    out.push({ term: `e:${name}`, code: 1 });
  }
  for (const [word, count] of f.words) {
    out.push({ term: `w:${word}`, code: Math.min(255, Math.max(1, Math.round(count))) });
  }
  for (const period of f.periods) {
    out.push({ term: `d:${period}`, code: 1 });
  }
  return out;
}
