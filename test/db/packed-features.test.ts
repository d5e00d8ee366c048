import { describe, expect, it } from 'vitest';
import { generateArticle } from '../../scripts/lib/generator.ts';
import {
  FeatureDecodeError,
  packFeatures,
  TermVocabulary,
  type VocabularyRow,
} from '../../src/db/packed-features.ts';
import { extractFeatures, featureSourceOf } from '../../src/db/similar-features.ts';
import { type SimilarityIndex, SimilarityIndexBuilder } from '../../src/jobs/similarity-index.ts';
import { Ranker } from '../../src/jobs/similarity-rank.ts';

const features = Array.from({ length: 400 }, (_, i) =>
  extractFeatures(featureSourceOf(generateArticle(i, 5).input)),
);

function names(rows: readonly VocabularyRow[]): string[] {
  const out: string[] = [];
  for (const row of rows) {
    out[row.id] = row.term;
  }
  return out;
}

function fromFeatures(): SimilarityIndex {
  const builder = new SimilarityIndexBuilder(features.length);
  features.forEach((f, i) => {
    builder.add(i + 1, f);
  });
  return builder.build();
}

/** Packs every article with `vocabulary`, then builds the index from the packed rows. */
function fromPacked(vocabulary: TermVocabulary, known: VocabularyRow[] = []): SimilarityIndex {
  const packed = features.map((f) => packFeatures(f, vocabulary));
  const builder = new SimilarityIndexBuilder(
    features.length,
    names([...known, ...vocabulary.takeAdded()]),
  );
  packed.forEach((p, i) => {
    builder.addPacked(i + 1, p);
  });
  return builder.build();
}

describe('packed features', () => {
  it('build the same index, bit for bit, as the features they encode', () => {
    const expected = fromFeatures();
    // The same vectors, term by term: an index built from packed rows numbers terms by name
    // (so that one over part of the corpus numbers them alike: docs/SCALE.md), one built from
    // features by first appearance, so compare by term name.
    const byName = (index: SimilarityIndex) =>
      Array.from({ length: index.articleIds.length }, (_, d) => {
        const entries: [string, number][] = [];
        for (let i = index.docStart[d] ?? 0; i < (index.docStart[d + 1] ?? 0); i++) {
          entries.push([index.termNames[index.docTerms[i] ?? 0] ?? '', index.docWeights[i] ?? 0]);
        }
        return entries.sort(([a], [b]) => (a < b ? -1 : 1));
      });
    const packed = fromPacked(new TermVocabulary([]));
    expect(packed.articleIds).toEqual(expected.articleIds);
    // Equal but for ties at the cut of an article's indexed words, which each numbering breaks
    // by its own term order (the lower id wins).
    const same = byName(packed).filter(
      (v, d) => JSON.stringify(v) === JSON.stringify(byName(expected)[d]),
    ).length;
    expect(same).toBeGreaterThan(packed.articleIds.length * 0.8);
    // Ids that follow another history (terms met in another order, gaps) change nothing: the
    // index numbers terms by name, so links stay deterministic.
    const shuffled = new TermVocabulary([
      { id: 7, term: 'w:zzz' },
      { id: 900, term: 's:never used' },
    ]);
    for (const f of [...features].reverse()) {
      packFeatures(f, shuffled);
    }
    const known = [
      { id: 7, term: 'w:zzz' },
      { id: 900, term: 's:never used' },
      ...shuffled.takeAdded(),
    ];
    const again = new TermVocabulary(known);
    const index = fromPacked(again, known);
    expect(byName(index)).toEqual(byName(packed));
    expect(index.docWeights).toEqual(packed.docWeights);
    const names = (i: SimilarityIndex) =>
      i.termNames.filter((n) => !['w:zzz', 's:never used'].includes(n));
    expect(names(index)).toEqual(names(packed));
    const rank = (i: SimilarityIndex) =>
      new Ranker(i, { topK: 5 }).rank(17).map((l) => [i.articleIds[l.doc], l.score]);
    expect(rank(index)).toEqual(rank(packed));
  });

  it('keep the ids a vocabulary has and number new terms after the highest', () => {
    const vocabulary = new TermVocabulary([
      { id: 3, term: 'p:caching' },
      { id: 9, term: 's:workers' },
    ]);
    const packed = packFeatures(
      {
        problem: 'caching',
        topic: 'caching / edge',
        stack: ['workers', 'edge'],
        tools: [],
        entities: [],
        words: [
          ['cache', 4],
          ['page', 1],
          ['loud', 900],
        ],
        periods: ['p2025h1'],
      },
      vocabulary,
    );
    expect(packed).toBe('3,10,9:0,11,12:4,13,14:255,15');
    expect(vocabulary.takeAdded().map((r) => [r.id, r.term])).toEqual([
      [10, 'o:caching / edge'],
      [11, 's:edge'],
      [12, 'w:cache'],
      [13, 'w:page'],
      [14, 'w:loud'],
      [15, 'd:p2025h1'],
    ]);
    expect(vocabulary.takeAdded()).toEqual([]);
    // Equal features encode equally, so an unchanged row is never marked dirty.
    expect(
      packFeatures(
        {
          problem: 'caching',
          topic: '',
          stack: [],
          tools: [],
          entities: [],
          words: [],
          periods: [],
        },
        vocabulary,
      ),
    ).toBe('3');
  });

  it('reject unknown ids and malformed text without adding the article', () => {
    const builder = new SimilarityIndexBuilder(4, [undefined, 'p:a', 'w:b']);
    builder.addPacked(1, '1,2:3');
    for (const bad of ['1,5', '{"s":[]}', '1,,2', '1:2:3', '2:256', '1,']) {
      expect(() => builder.addPacked(2, bad)).toThrow(FeatureDecodeError);
    }
    expect(builder.size).toBe(1);
    builder.addPacked(2, '');
    builder.addPacked(3, '1');
    expect(builder.size).toBe(3);
  });
});
