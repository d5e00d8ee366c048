/**
 * Articles for the cache tests: the shared seed fixture and a second, unrelated article, each
 * with per-test overrides.
 */
import type { ArticleInput } from '../../src/content/types.ts';
import { seedArticle as seed } from '../fixtures/seed-article.ts';

export function seedArticle(overrides: Partial<ArticleInput> = {}): ArticleInput {
  return { ...seed, ...overrides };
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
    payload: { ...seed.payload, sourceId: 'alphanode-000123', seed: 123 },
    ...overrides,
  });
}
