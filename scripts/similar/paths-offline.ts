/**
 * npm run similar:offline:paths -- [--size 20000] [--seed 7]
 * Whether an index weighted with injected corpus statistics (what every fan-out part builds:
 * df counted over every stored feature, as similar_terms.df holds it) ranks exactly as the
 * single-isolate index counting them itself, in memory on generated articles: the links whose
 * target differs, and how many of those had equal scores. bench:cron compares the two paths
 * through D1; this finds at which size and why they part, in seconds.
 */
import { parseArgs } from 'node:util';
import {
  type ArticleFeatures,
  extractFeatures,
  featureEntries,
  featureSourceOf,
} from '../../src/db/similar-features.ts';
import { type CorpusStats, SimilarityIndexBuilder } from '../../src/jobs/similarity-index.ts';
import { Ranker } from '../../src/jobs/similarity-rank.ts';
import { generateArticle } from '../lib/generator.ts';

const { values } = parseArgs({
  options: { size: { type: 'string', default: '20000' }, seed: { type: 'string', default: '7' } },
});
const size = Number(values.size);
const seed = Number(values.seed);
const features: ArticleFeatures[] = [];
const df = new Map<string, number>();
for (let i = 0; i < size; i++) {
  const f = extractFeatures(featureSourceOf(generateArticle(i, seed).input));
  features.push(f);
  for (const term of new Set(featureEntries(f).map((e) => e.term))) {
    df.set(term, (df.get(term) ?? 0) + 1);
  }
}
// Terms numbered by name in both, as the job's builders do with the stored vocabulary.
const vocabulary = [...df.keys()];
const build = (stats?: CorpusStats) => {
  const builder = new SimilarityIndexBuilder(size, vocabulary, stats);
  features.forEach((f, i) => {
    builder.add(i + 1, f);
  });
  return builder.build();
};
const single = new Ranker(build(), { topK: 5 });
const injected = new Ranker(build({ articles: size, df: (term) => df.get(term) ?? 0 }), {
  topK: 5,
});
let links = 0;
let differ = 0;
let tied = 0;
for (let d = 0; d < size; d++) {
  const a = single.rank(d);
  const b = injected.rank(d);
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    links++;
    if (a[k]?.doc !== b[k]?.doc) {
      differ++;
      tied += a[k] && b[k] && a[k]?.score === b[k]?.score ? 1 : 0;
    }
  }
}
console.log(
  `${size} generated articles (seed ${seed}): ${differ} of ${links} links differ between the single-isolate index and one with injected statistics (${tied} of them at equal scores)`,
);
