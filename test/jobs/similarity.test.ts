import { describe, expect, it } from 'vitest';
import { generateArticle } from '../../scripts/lib/generator.ts';
import {
  type ArticleFeatures,
  extractFeatures,
  featureSourceOf,
} from '../../src/db/similar-features.ts';
import { linkReason } from '../../src/jobs/similar-reason.ts';
import {
  docOf,
  type SimilarityIndex,
  SimilarityIndexBuilder,
} from '../../src/jobs/similarity-index.ts';
import {
  compareLinks,
  MIN_LINK_SCORE,
  MIN_LINKS,
  Ranker,
  roundScore,
} from '../../src/jobs/similarity-rank.ts';

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

function build(corpus: [number, ArticleFeatures][]): SimilarityIndex {
  const builder = new SimilarityIndexBuilder(corpus.length);
  for (const [id, f] of corpus) {
    builder.add(id, f);
  }
  return builder.build();
}

function links(index: SimilarityIndex, id: number, options = {}) {
  return new Ranker(index, { topK: 5, ...options })
    .rank(docOf(index, id))
    .map((l) => [index.articleIds[l.doc], l.score]);
}

/** Six "caching" articles on workers, six "queries" articles on postgres, and filler. */
function corpus(): [number, ArticleFeatures][] {
  const out: [number, ArticleFeatures][] = [];
  for (let i = 1; i <= 6; i++) {
    out.push([
      i,
      features({
        problem: 'caching pages',
        topic: 'caching pages / workers',
        stack: ['cloudflare workers', 'edge'],
        tools: ['wrangler', i % 2 ? 'miniflare' : 'vitest'],
        words: [
          ['cache', 4],
          ['edge', 2],
          [`note${i}`, 1],
        ],
      }),
    ]);
  }
  for (let i = 7; i <= 12; i++) {
    out.push([
      i,
      features({
        problem: 'slow queries',
        topic: 'slow queries / postgres',
        stack: ['postgres databases', 'data'],
        tools: ['psql', 'pg_stat_statements'],
        words: [
          ['index', 3],
          ['query', 3],
        ],
      }),
    ]);
  }
  for (let i = 13; i <= 40; i++) {
    out.push([i, features({ problem: `filler ${i}`, stack: ['edge'], words: [['misc', 1]] })]);
  }
  return out;
}

describe('similar-posts ranking', () => {
  it('links articles that share problem and stack, best first, and nothing across topics', () => {
    const index = build(corpus());
    const caching = links(index, 1);
    expect(caching.map(([id]) => id)).toEqual([3, 5, 2, 4, 6]);
    expect(caching.every(([id]) => (id ?? 0) <= 6)).toBe(true);
    const queries = links(index, 9);
    expect(queries.map(([id]) => id).sort()).toEqual([10, 11, 12, 7, 8]);
    expect(links(index, 20)).toEqual([]);
  });

  it('breaks equal scores by closeness in id, then by the lower id, so the result is stable', () => {
    const index = build(corpus());
    // Articles 7–12 are identical: every link scores the same and the nearest ids come first.
    expect(links(index, 9).map(([id]) => id)).toEqual([8, 10, 7, 11, 12]);
    expect(links(build(corpus()), 9)).toEqual(links(index, 9));
  });

  it('stores no block when fewer than three links pass the threshold', () => {
    const few = corpus().filter(([id]) => id <= 3 || id > 12);
    const index = build(few);
    expect(links(index, 1)).toEqual([]);
    expect(MIN_LINKS).toBe(3);
  });

  it('lets a tag every article has count for almost nothing', () => {
    const everywhere = Array.from({ length: 30 }, (_, i): [number, ArticleFeatures] => [
      i + 1,
      features({ stack: ['backend'], tools: i < 4 ? ['rare-tool'] : [], problem: `p${i}` }),
    ]);
    const index = build(everywhere);
    const ranker = new Ranker(index, { topK: 5 });
    const shareRare = ranker.score(docOf(index, 1), docOf(index, 2));
    const shareCommon = ranker.score(docOf(index, 10), docOf(index, 11));
    expect(shareCommon).toBeLessThan(0.01);
    expect(shareRare).toBeGreaterThan(0.1);
  });

  it('finds the articles sharing a rare feature even with a tiny candidate budget', () => {
    const big = corpus();
    for (let i = 41; i <= 400; i++) {
      big.push([i, features({ stack: ['cloudflare workers', 'edge'], words: [['cache', 2]] })]);
    }
    const index = build(big);
    const budgeted = links(index, 1, { candidateBudget: 20 });
    expect(budgeted.map(([id]) => id)).toEqual([3, 5, 2, 4, 6]);
  });

  describe('on 1,500 generated articles', () => {
    const builder = new SimilarityIndexBuilder(1_500);
    for (let i = 0; i < 1_500; i++) {
      builder.add(i + 1, extractFeatures(featureSourceOf(generateArticle(i, 5).input)));
    }
    const index = builder.build();
    const ids = index.articleIds;
    const sample = Array.from({ length: 150 }, (_, i) => i * 10);

    // Checked against scoring every gathered candidate the slow way. With a budget of 150
    // postings most lists are sampled; with an unbounded one nothing goes unvisited, so the bound
    // that skips candidates is tight and skipping does most of the work.
    it.each([150, 1e9])('ranks the exact top five of what it gathers (budget %s)', (budget) => {
      const ranker = new Ranker(index, { topK: 5, candidateBudget: budget });
      let sampled = 0;
      for (const doc of sample) {
        const gathered: { doc: number; score: number }[] = [];
        let missed = false;
        for (let other = 0; other < ids.length; other++) {
          const exact = other === doc ? 0 : ranker.score(doc, other);
          if (exact > 0 && !ranker.gathers(doc, other)) {
            missed = true;
          } else if (exact > 0 && roundScore(exact) >= MIN_LINK_SCORE) {
            gathered.push({ doc: other, score: roundScore(exact) });
          }
        }
        sampled += missed ? 1 : 0;
        gathered.sort((a, b) =>
          compareLinks(ids[doc] ?? 0, ids[a.doc] ?? 0, a.score, ids[b.doc] ?? 0, b.score),
        );
        const best = gathered.slice(0, 5);
        expect(ranker.rank(doc)).toEqual(best.length >= MIN_LINKS ? best : []);
        // The same pass can also list every gathered candidate above a floor per candidate.
        const floor = (other: number) => (other % 2 ? 0.6 : 0.8);
        const both = ranker.rankWithCandidates(doc, floor);
        expect(both.links).toEqual(ranker.rank(doc));
        expect(both.above.sort((a, b) => a.doc - b.doc)).toEqual(
          gathered.filter((c) => c.score >= floor(c.doc)).sort((a, b) => a.doc - b.doc),
        );
      }
      expect(sampled > 100).toBe(budget === 150);
    });

    it('says exactly which articles its ranking gathers', () => {
      // With no threshold or floor, every candidate the ranking walk met comes back.
      const ranker = new Ranker(index, { topK: 5, candidateBudget: 150, minScore: 0 });
      for (const doc of sample.slice(0, 40)) {
        const met = ranker
          .rankWithCandidates(doc, () => 0)
          .above.map((c) => c.doc)
          .sort((a, b) => a - b);
        const said = [...ids.keys()].filter((o) => o !== doc && ranker.gathers(doc, o));
        expect(met.length).toBeGreaterThan(0);
        expect(said).toEqual(met);
      }
    });
  });

  it('says why two articles are linked', () => {
    const index = build(corpus());
    expect(linkReason(index, docOf(index, 1), docOf(index, 3))).toBe(
      'shares cloudflare workers, miniflare, wrangler; same problem',
    );
    const wording = build([
      [
        1,
        features({
          problem: 'a',
          words: [
            ['rollback', 3],
            ['canary', 2],
          ],
        }),
      ],
      [
        2,
        features({
          problem: 'b',
          words: [
            ['rollback', 2],
            ['canary', 1],
          ],
        }),
      ],
      ...Array.from({ length: 5 }, (_, i): [number, ArticleFeatures] => [
        i + 3,
        features({ problem: `c${i}` }),
      ]),
    ]);
    expect(linkReason(wording, 0, 1)).toBe('both about: rollback, canary');
  });
});
