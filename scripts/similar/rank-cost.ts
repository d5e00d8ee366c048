/**
 * npm run similar:offline:rank-cost -- [--size 20000] [--seed 7]
 * What the ranking walk costs a fan-out rank part per article, counted in memory on generated
 * articles (Ranker's walk replayed over the whole index): window reads (one statement each, and
 * how many wrap), postings returned, postings the window statement steps over without returning
 * them (fanout-queries.ts windowStatement: a primary-key seek to the pivot, so only the one
 * boundary row of a list that ends before its window is full), what the `limit ? offset ?` read of
 * ranking version 3 would step over to reach the same windows, and the distinct candidates a batch
 * of RANK_BATCH articles reads and indexes. Explains how rank-part time moves with the corpus size.
 */
import { parseArgs } from 'node:util';
import { extractFeatures, featureSourceOf } from '../../src/db/similar-features.ts';
import { RANK_BATCH } from '../../src/jobs/fanout/rank-part.ts';
import { SimilarityIndexBuilder } from '../../src/jobs/similarity-index.ts';
import {
  CANDIDATE_BUDGET,
  heaviestFirst,
  samplePivot,
  windowStart,
} from '../../src/jobs/similarity-rank.ts';
import { generateArticle } from '../lib/generator.ts';

const { values } = parseArgs({
  options: { size: { type: 'string', default: '20000' }, seed: { type: 'string', default: '7' } },
});
const size = Number(values.size);
const seed = Number(values.seed);
const builder = new SimilarityIndexBuilder(size);
for (let i = 0; i < size; i++) {
  builder.add(i + 1, extractFeatures(featureSourceOf(generateArticle(i, seed).input)));
}
const { docStart, docTerms, docWeights, postStart, postDocs, articleIds } = builder.build();
const at = (a: Int32Array | Float32Array, i: number) => a[i] ?? 0;
const maxArticleId = at(articleIds, articleIds.length - 1);
let reads = 0;
let wraps = 0;
let skipped = 0;
let offsetSkipped = 0;
let returned = 0;
let batches = 0;
let candidates = 0;
let batch = new Set<number>();
for (let d = 0; d < articleIds.length; d++) {
  const order: number[] = [];
  for (let i = at(docStart, d); i < at(docStart, d + 1); i++) {
    order.push(i);
  }
  const length = (i: number) => at(postStart, at(docTerms, i) + 1) - at(postStart, at(docTerms, i));
  heaviestFirst(
    order,
    (i) => at(docWeights, i),
    length,
    (i) => at(docTerms, i),
  );
  let remaining = CANDIDATE_BUDGET;
  for (const i of order) {
    const t = at(docTerms, i);
    const len = length(i);
    const visits = Math.min(len, remaining);
    remaining -= visits;
    if (visits === 0) {
      continue;
    }
    // The fan-out's plan(): one statement a window, seeking to the pivot (id 0 for a whole list).
    const from = at(postStart, t);
    const pivot = visits < len ? samplePivot(at(articleIds, d), t, maxArticleId) : 0;
    const start = windowStart(len, (p) => at(articleIds, at(postDocs, from + p)), pivot);
    const head = Math.min(len - start, visits);
    const wrapped = head < visits || (start === 0 && pivot > at(articleIds, at(postDocs, from)));
    reads++;
    wraps += wrapped ? 1 : 0;
    // The arm at or above the pivot reads one row past the list (the next term's, or none) when
    // the list ends before the window is full; the arm below it stops at the outer limit.
    skipped += wrapped ? 1 : 0;
    offsetSkipped += start;
    returned += visits;
    for (let k = 0; k < visits; k++) {
      batch.add(at(postDocs, at(postStart, t) + ((start + k) % len)));
    }
  }
  if ((d + 1) % RANK_BATCH === 0 || d === articleIds.length - 1) {
    batches++;
    candidates += batch.size;
    batch = new Set();
  }
}
const per = (x: number) => (x / articleIds.length).toFixed(1);
console.log(
  `${size} generated articles (seed ${seed}), per article ranked: ${per(reads)} window reads (${per(wraps)} wrapped), ${per(returned)} postings returned, ${per(skipped)} stepped over by the key-range windows (an OFFSET read of the same windows: ${per(offsetSkipped)}); ${(candidates / batches).toFixed(0)} distinct candidates a batch of ${RANK_BATCH}`,
);
