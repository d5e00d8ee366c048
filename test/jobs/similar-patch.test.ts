import { describe, expect, it } from 'vitest';
import type { ArticleFeatures } from '../../src/db/similar-features.ts';
import type { StoredLink } from '../../src/db/similar-queries.ts';
import { patchList } from '../../src/jobs/similar-patch.ts';
import { linkReason } from '../../src/jobs/similar-reason.ts';
import {
  docOf,
  type SimilarityIndex,
  SimilarityIndexBuilder,
} from '../../src/jobs/similarity-index.ts';
import { Ranker } from '../../src/jobs/similarity-rank.ts';

function features(partial: Partial<ArticleFeatures>): ArticleFeatures {
  return {
    stack: [],
    tools: [],
    entities: [],
    problem: '',
    topic: '',
    words: [],
    periods: [],
    ...partial,
  };
}

const caching = (i: number, tools: string[] = ['wrangler', i % 2 ? 'miniflare' : 'vitest']) =>
  features({
    problem: 'caching pages',
    topic: 'caching pages / workers',
    stack: ['cloudflare workers', 'edge'],
    tools,
    words: [
      ['cache', 4],
      ['edge', 2],
      [`note${i}`, 1],
    ],
  });
const queries = features({
  problem: 'slow queries',
  topic: 'slow queries / postgres',
  stack: ['postgres databases', 'data'],
  tools: ['psql', 'pg_stat_statements'],
  words: [['index', 3]],
});

/** Articles 1–8 about caching, 9–14 about queries, 15–40 filler; `edits` replaces some. */
function build(edits: Record<number, ArticleFeatures | null> = {}): SimilarityIndex {
  const builder = new SimilarityIndexBuilder(40);
  for (let id = 1; id <= 40; id++) {
    const base =
      id <= 8
        ? caching(id)
        : id <= 14
          ? queries
          : features({ problem: `filler ${id}`, stack: ['edge'], words: [['misc', 1]] });
    const f = id in edits ? edits[id] : base;
    if (f) {
      builder.add(id, f);
    }
  }
  return builder.build();
}

/** The list a ranking gives, as the job stores it. */
function ranked(index: SimilarityIndex, id: number): StoredLink[] {
  const doc = docOf(index, id);
  return new Ranker(index, { topK: 5 }).rank(doc).map((link, r) => ({
    articleId: id,
    rank: r + 1,
    similarArticleId: index.articleIds[link.doc] ?? 0,
    score: link.score,
    reason: linkReason(index, doc, link.doc),
  }));
}

function patch(index: SimilarityIndex, stored: StoredLink[], changed: number[], entering = []) {
  return patchList(index, new Ranker(index, { topK: 5 }), {
    articleId: 1,
    stored,
    changed: new Set(changed),
    entering,
    topK: 5,
  });
}

describe('patching a stored list instead of ranking again', () => {
  const before = build();
  const stored = ranked(before, 1);

  it('keeps a list nothing changed in', () => {
    expect(stored.map((l) => l.similarArticleId)).toEqual([3, 5, 7, 2, 4]);
    expect(patch(before, stored, [20])).toEqual(stored);
  });

  it('moves a changed link up when it got closer, exactly as a ranking would', () => {
    // Article 4 now uses article 1's tools, as 3, 5 and 7 do: from last it moves up to second
    // (equal scores go to the nearest id), ahead of article 2, which does not share them.
    const after = build({ 4: caching(4, ['wrangler', 'miniflare']) });
    const next = patch(after, stored, [4]);
    expect(next?.map((l) => l.similarArticleId)).toEqual([3, 4, 5, 7, 2]);
    expect(next).toEqual(ranked(after, 1));
  });

  it('lets a changed article in when it beats the last link, and drops the last', () => {
    const after = build({ 20: caching(1, ['wrangler', 'miniflare']) });
    const next = patch(after, stored, [20], [20] as never);
    expect(next?.map((l) => l.similarArticleId)).toContain(20);
    expect(next?.map((l) => l.similarArticleId)).not.toContain(4);
    expect(next).toEqual(ranked(after, 1));
  });

  it('asks for a ranking when a changed link falls behind the bar or leaves', () => {
    // Article 3 moved to the queries topic: the runner-up (6 or 8) is not in the stored list.
    expect(patch(build({ 3: queries }), stored, [3])).toBeNull();
    // Article 5 became a draft (out of the index).
    expect(patch(build({ 5: null }), stored, [5])).toBeNull();
  });

  it('asks for a ranking when the stored list cannot be trusted', () => {
    expect(patch(before, [], [3])).toBeNull();
    // A gap in the ranks: a linked article was deleted.
    expect(patch(before, [stored[0], stored[1], stored[3], stored[4]] as StoredLink[], [])).toBe(
      null,
    );
    expect(patch(build({ 1: null }), stored, [])).toBeNull();
  });
});
