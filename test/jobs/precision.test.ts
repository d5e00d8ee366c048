import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { generateArticle } from '../../scripts/lib/generator.ts';
import { articleFeatures, articles, similarTerms } from '../../src/db/schema.ts';
import { extractFeatures, featureEntries, featureSourceOf } from '../../src/db/similar-features.ts';
import { SimilarityIndexBuilder } from '../../src/jobs/similarity-index.ts';
import { Ranker } from '../../src/jobs/similarity-rank.ts';
import { db, SIMILAR_CRON, store, tick } from './helpers.ts';

/**
 * Link quality on generated articles, whose truth is known: two articles are truly related when
 * they share problem and primary stack (12 problems × 10 stacks = 120 groups).
 */
function measure(size: number, seed: number) {
  const truth: string[] = [];
  const builder = new SimilarityIndexBuilder(size);
  for (let i = 0; i < size; i++) {
    const generated = generateArticle(i, seed);
    truth.push(`${generated.truth.problem} | ${generated.truth.stack}`);
    builder.add(i + 1, extractFeatures(featureSourceOf(generated.input)));
  }
  const groupSize = new Map<string, number>();
  for (const t of truth) {
    groupSize.set(t, (groupSize.get(t) ?? 0) + 1);
  }
  const ranker = new Ranker(builder.build(), { topK: 5 });
  let links = 0;
  let related = 0;
  let achievable = 0;
  for (let d = 0; d < size; d++) {
    const found = ranker.rank(d);
    links += found.length;
    related += found.filter((l) => truth[l.doc] === truth[d]).length;
    achievable += Math.min(5, (groupSize.get(truth[d] ?? '') ?? 1) - 1);
  }
  return { precision: related / links, foundShare: related / achievable, links };
}

describe('similar-posts quality', () => {
  // Floor 0.95: measured 0.993 here (0.97 on 1,000 articles of another seed, 1.00 on 10,000).
  // It is below 1 only because some of the 120 groups have fewer than six members, so their
  // last links must come from outside the group (same stack, other problem). A regression that
  // let a shared stack or the template wording outrank problem + stack drops it far below 0.9.
  it('links truly related articles: precision@5 at least 0.95 on 1,200 generated articles', () => {
    const result = measure(1_200, 42);
    console.log(`precision@5 ${result.precision.toFixed(3)} (${result.links} links)`);
    // Nearly every article shows a full block (a few have only three or four strong links).
    expect(result.links).toBeGreaterThan(1_200 * 5 * 0.99);
    expect(result.precision).toBeGreaterThanOrEqual(0.95);
    // And it finds nearly every truly related article there is to find (at most 5 per article).
    expect(result.foundShare).toBeGreaterThanOrEqual(0.98);
  });

  it('measures the same features the job stores', async () => {
    const inputs = Array.from({ length: 20 }, (_, i) => generateArticle(i, 42).input);
    const ids = await store(inputs);
    await tick(SIMILAR_CRON, '2026-04-26T03:30:00Z');
    const vocabulary = new Map(
      (await db.select().from(similarTerms).all()).map((row) => [row.id, row.term]),
    );
    // The stored ids and codes, read back through the vocabulary, are the extracted entries.
    const unpack = (packed: string) =>
      packed.split(',').map((entry) => {
        const [id, code = '1'] = entry.split(':');
        return { term: vocabulary.get(Number(id)), code: Number(code) };
      });
    for (const input of inputs) {
      const id = ids.get(input.sourceId) ?? 0;
      const row = await db
        .select()
        .from(articleFeatures)
        .where(eq(articleFeatures.articleId, id))
        .get();
      // Generated articles carry no date: the job reads the publication date the site shows.
      const stored = await db.select().from(articles).where(eq(articles.id, id)).get();
      expect(unpack(row?.features ?? '')).toEqual(
        featureEntries(extractFeatures(featureSourceOf(input, stored?.createdAt ?? null))),
      );
    }
  });
});
