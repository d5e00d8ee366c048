/**
 * Per-article features for similar posts, extracted once per content change and stored in
 * article_features as compact JSON. They hold only what the article itself says (tags, subject,
 * word counts); corpus-wide weights are applied later, when the index is built.
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

/** Short keys keep 100k stored rows small; the order of keys is fixed so equal features encode equally. */
export function encodeFeatures(f: ArticleFeatures): string {
  return JSON.stringify({
    s: f.stack,
    t: f.tools,
    e: f.entities,
    p: f.problem,
    o: f.topic,
    w: f.words,
  });
}

export class FeatureDecodeError extends Error {
  constructor(articleId: number, detail: string) {
    super(`article_features row for article ${articleId} is malformed: ${detail}`);
    this.name = 'FeatureDecodeError';
  }
}

interface Encoded {
  s: string[];
  t: string[];
  e: string[];
  p: string;
  o: string;
  w: [string, number][];
}

export function decodeFeatures(articleId: number, text: string): ArticleFeatures {
  let raw: Partial<Encoded>;
  try {
    raw = JSON.parse(text) as Partial<Encoded>;
  } catch (error) {
    throw new FeatureDecodeError(articleId, (error as Error).message);
  }
  if (
    !Array.isArray(raw.s) ||
    !Array.isArray(raw.t) ||
    !Array.isArray(raw.e) ||
    !Array.isArray(raw.w) ||
    typeof raw.p !== 'string' ||
    typeof raw.o !== 'string'
  ) {
    throw new FeatureDecodeError(articleId, 'expected keys s, t, e, p, o, w');
  }
  return {
    stack: raw.s,
    tools: raw.t,
    entities: raw.e,
    problem: raw.p,
    topic: raw.o,
    words: raw.w,
  };
}
