/**
 * Per-article features for similar posts, extracted once per content change and stored in
 * article_features as vocabulary ids (packed-features.ts). They hold only what the article
 * itself says (tags, subject, word counts); corpus-wide weights are applied later, when the index
 * is built.
 */
import type { ArticleInput } from '../content/types.ts';
import { flattenBlocks } from '../db/blocks.ts';
import { words } from './text-terms.ts';

/** Words kept per article: enough to describe it, small enough that 100k articles fit in memory. */
export const WORDS_KEPT = 32;
/** A title word says more about the topic than a body word; a summary word sits in between. */
const TITLE_WEIGHT = 3;
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
  /** Body text in reading order (headings, paragraphs, list items); code is left out. */
  body: string[];
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
}

/**
 * The feature source of an article not read from D1 (tests, benchmarks): the same fields, in the
 * same order, as the job reads from articles, article_tags, article_entities and article_blocks.
 */
export function featureSourceOf(input: ArticleInput): FeatureSource {
  return {
    title: input.title,
    summary: input.summary,
    topic: input.topic,
    problem: input.problem,
    stack: input.stack,
    tools: input.tools,
    entities: input.entities,
    body: flattenBlocks(input.sections)
      .filter((b) => b.kind !== 'code')
      .map((b) => b.text),
  };
}

function tag(value: string): string {
  return value.trim().toLowerCase().replace(/\s+/g, ' ');
}

function uniqueTags(values: string[]): string[] {
  return [...new Set(values.map(tag).filter((v) => v.length > 0))];
}

/**
 * @example
 * extractFeatures({ title: 'Caching pages', summary: '', topic: 'caching', problem: 'caching',
 *   stack: ['cloudflare workers'], tools: ['wrangler'], entities: [], body: [] }).words;
 * // [['caching', 3], ['page', 3]]
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
  for (const text of source.body) {
    add(text, 1);
  }
  const kept = [...counts.entries()]
    .sort(([wa, ca], [wb, cb]) => cb - ca || (wa < wb ? -1 : wa > wb ? 1 : 0))
    .slice(0, WORDS_KEPT);
  return {
    stack: uniqueTags(source.stack),
    tools: uniqueTags(source.tools),
    entities: uniqueTags(source.entities.map((e) => `${e.type}:${e.name}`)),
    problem: tag(source.problem),
    topic: tag(source.topic),
    words: kept,
  };
}

/** One feature as the index counts it: a prefixed term and a one-byte code. */
export interface FeatureEntry {
  /** "p:problem", "o:topic", "s:stack", "t:tool", "e:type:name" or "w:word". */
  term: string;
  /** 0 for the primary stack tag; otherwise a count, 1 for a tag, 1–255 for a word. */
  code: number;
}

/** Code of the primary stack tag: the index weighs it double. */
export const PRIMARY_CODE = 0;

/**
 * The entries of an article in a fixed order (subject, stack, tools, entities, words): the order
 * the index meets terms in decides their numbering, so both the stored form and the index use it.
 *
 * @example
 * featureEntries({ problem: 'caching', topic: 'caching', stack: ['workers'], tools: [],
 *   entities: [], words: [['cache', 4]] });
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
  return out;
}
