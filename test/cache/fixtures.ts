/**
 * Articles for the cache tests: the seed article parsed by the real parser, and a second,
 * unrelated article derived from it.
 */
import { parseAlphanode } from '../../src/content/alphanode.ts';
import type { ArticleInput } from '../../src/content/types.ts';
import seedText from '../fixtures/alphanode-000989.txt?raw';

export function seedArticle(overrides: Partial<ArticleInput> = {}): ArticleInput {
  const parsed = parseAlphanode(seedText);
  if (!parsed.ok) {
    throw new Error(`the seed article no longer parses: ${JSON.stringify(parsed.errors)}`);
  }
  return { ...parsed.article, ...overrides };
}

/** A second, unrelated article: its pages must stay cached when the seed article changes. */
export function otherArticle(overrides: Partial<ArticleInput> = {}): ArticleInput {
  return seedArticle({
    sourceId: 'alphanode-000123',
    title: 'tracing slow queries in go services',
    stack: ['go'],
    tools: ['pprof'],
    difficulty: 'advanced',
    publishedAt: '2023-06-01T00:00:00.000Z',
    payload: { ...seedArticle().payload, sourceId: 'alphanode-000123', seed: 123 },
    ...overrides,
  });
}
