/**
 * npm run similar:offline:generated -- [--size 10000] [--seed 7]
 * precision@5 of the similar job's ranking on generated articles (truth: same problem and primary
 * stack), in memory, with the job's own feature extraction and ranking: the quick check that a
 * model tuned on real blogs still serves the generator's corpus. bench:cron measures the same
 * through D1.
 */
import { parseArgs } from 'node:util';
import { extractFeatures, featureSourceOf } from '../../src/db/similar-features.ts';
import { SimilarityIndexBuilder } from '../../src/jobs/similarity-index.ts';
import { Ranker } from '../../src/jobs/similarity-rank.ts';
import { generateArticle } from '../lib/generator.ts';

const { values } = parseArgs({
  options: { size: { type: 'string', default: '10000' }, seed: { type: 'string', default: '7' } },
});
const size = Number(values.size);
const seed = Number(values.seed);
const truth: string[] = [];
const builder = new SimilarityIndexBuilder(size);
for (let i = 0; i < size; i++) {
  const generated = generateArticle(i, seed);
  truth.push(`${generated.truth.problem} | ${generated.truth.stack}`);
  builder.add(i + 1, extractFeatures(featureSourceOf(generated.input)));
}
const index = builder.build();
const ranker = new Ranker(index, { topK: 5 });
let links = 0;
let related = 0;
let withList = 0;
for (let d = 0; d < size; d++) {
  const found = ranker.rank(d);
  links += found.length;
  withList += found.length > 0 ? 1 : 0;
  related += found.filter((l) => truth[l.doc] === truth[d]).length;
}
console.log(
  `${size} generated articles (seed ${seed}): precision@5 ${(related / links).toFixed(3)}, ${withList} with a list, ${(index.docTerms.length / size).toFixed(1)} index entries an article, index ${(index.bytes / 1e6).toFixed(1)} MB, build peak ${(index.buildPeakBytes / 1e6).toFixed(1)} MB`,
);
