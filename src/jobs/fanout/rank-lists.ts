/**
 * Ranking a batch of articles without the whole index in memory. For each article the walk of
 * Ranker (similarity-rank.ts) is planned from its own weighted vector and the global posting-list
 * lengths: heaviest feature first, CANDIDATE_BUDGET postings, a sampled window where a list is
 * longer than what is left, starting at the same pivot article id (samplePivot over the corpus's
 * largest linkable id). The windows are read from similar_postings in one round trip, each by a
 * range seek on the primary key (readWindows), the candidates' stored features in another, and
 * every candidate met is scored exactly in a small index over just these articles, weighted with
 * the corpus's statistics. The result is the list the single-isolate Ranker gives
 * (test/jobs/fanout.test.ts compares them); the memory is that of the batch and its candidates,
 * whatever the corpus size.
 */
import type { Db } from '../../db/client.ts';
import { readFeaturesOf, readWindows, type WindowRead } from '../../db/fanout-queries.ts';
import type { FeaturePageRow, StoredLink } from '../../db/similar-queries.ts';
import { linkReason } from '../similar-reason.ts';
import { docOf, type SimilarityIndex } from '../similarity-index.ts';
import {
  CANDIDATE_BUDGET,
  compareLinks,
  heaviestFirst,
  MIN_LINK_SCORE,
  MIN_LINKS,
  Ranker,
  roundScore,
  samplePivot,
} from '../similarity-rank.ts';
import { type Corpus, partialIndex, vocabularyIds } from './corpus.ts';

export interface RankedBatch {
  /** The new list of each article asked for (empty for drafts and articles too weakly linked). */
  lists: Map<number, StoredLink[]>;
  /** Per article: every candidate scored at or above MIN_LINK_SCORE (for incremental runs). */
  scored: Map<number, { id: number; score: number }[]>;
  /** Bytes of the batch's index, candidates' stored text and windows: its memory high-water mark. */
  peakBytes: number;
  /** Per article: every other article its walk met (the candidate set Ranker gathers). */
  met: Map<number, number[]>;
  /** Windows read, and how many of them wrapped to the lowest ids (ran past the list's end). */
  windows: { read: number; wrapped: number };
}

/** The windows article `doc` of `index` visits: Ranker.walk, with lengths from the corpus. */
function plan(
  index: SimilarityIndex,
  doc: number,
  vocabIds: Int32Array,
  corpus: Corpus,
): { reads: WindowRead[] } {
  const { docStart, docTerms, docWeights, articleIds } = index;
  const order: number[] = [];
  for (let i = docStart[doc] ?? 0; i < (docStart[doc + 1] ?? 0); i++) {
    order.push(i);
  }
  const length = (i: number) => corpus.kept.get(vocabIds[docTerms[i] ?? 0] ?? -1) ?? 0;
  heaviestFirst(
    order,
    (i) => docWeights[i] ?? 0,
    length,
    (i) => docTerms[i] ?? 0,
  );
  const reads: WindowRead[] = [];
  const articleId = articleIds[doc] ?? 0;
  let remaining = CANDIDATE_BUDGET;
  for (const i of order) {
    if (remaining === 0) {
      break;
    }
    const t = docTerms[i] ?? 0;
    const termId = vocabIds[t] ?? -1;
    const len = length(i);
    const visits = Math.min(len, remaining);
    remaining -= visits;
    if (visits === 0 || termId < 0) {
      continue;
    }
    // The window Ranker.walk visits (windowStart), as a key: the whole list reads from id 0.
    const pivot = visits < len ? samplePivot(articleId, t, corpus.maxArticleId) : 0;
    reads.push({ termId, pivot, count: visits });
  }
  return { reads };
}

/**
 * The lists of `rows` (stored features of the articles to rank, ascending ids; drafts included,
 * whose lists come out empty).
 */
export async function rankBatch(
  db: Db,
  corpus: Corpus,
  rows: readonly FeaturePageRow[],
  topK: number,
  /** Awaited once every candidate is scored, with all of them still held (PartContext.memoryProbe). */
  atHighPoint: () => Promise<void> = async () => {},
): Promise<RankedBatch> {
  const own = partialIndex(corpus, rows);
  const ownVocab = vocabularyIds(corpus, own);
  const reads: WindowRead[] = [];
  const readsOf: [articleId: number, from: number, to: number][] = [];
  for (let d = 0; d < own.articleIds.length; d++) {
    const { reads: mine } = plan(own, d, ownVocab, corpus);
    readsOf.push([own.articleIds[d] ?? 0, reads.length, reads.length + mine.length]);
    reads.push(...mine);
  }
  const windows = await readWindows(db, reads);
  const candidatesOf = new Map<number, number[]>();
  const wanted = new Set<number>();
  const ownIds = new Set(own.articleIds);
  let windowIds = 0;
  let wrapped = 0;
  for (const [articleId, from, to] of readsOf) {
    const met = new Set<number>();
    for (let w = from; w < to; w++) {
      const pivot = reads[w]?.pivot ?? 0;
      wrapped += windows[w]?.some((id) => id < pivot) ? 1 : 0;
      for (const id of windows[w] ?? []) {
        windowIds++;
        if (id !== articleId) {
          met.add(id);
          if (!ownIds.has(id)) {
            wanted.add(id);
          }
        }
      }
    }
    candidatesOf.set(articleId, [...met]);
  }
  const candidateRows = await readFeaturesOf(db, [...wanted]);
  // One index over the batch and its candidates, in ascending id order, to score them exactly.
  const merged: FeaturePageRow[] = [...rows.filter((r) => r[1]), ...candidateRows].sort(
    (a, b) => a[0] - b[0],
  );
  const index = partialIndex(corpus, merged);
  const ranker = new Ranker(index, { topK });
  const lists = new Map<number, StoredLink[]>();
  const scored = new Map<number, { id: number; score: number }[]>();
  for (const [articleId] of rows) {
    const doc = docOf(index, articleId);
    if (doc < 0) {
      lists.set(articleId, []);
      continue;
    }
    const passing: { id: number; doc: number; score: number }[] = [];
    for (const id of candidatesOf.get(articleId) ?? []) {
      const other = docOf(index, id);
      if (other < 0) {
        continue;
      }
      const score = roundScore(ranker.score(doc, other));
      if (score >= MIN_LINK_SCORE) {
        passing.push({ id, doc: other, score });
      }
    }
    passing.sort((a, b) => compareLinks(articleId, a.id, a.score, b.id, b.score));
    scored.set(
      articleId,
      passing.map(({ id, score }) => ({ id, score })),
    );
    const top = passing.length >= MIN_LINKS ? passing.slice(0, topK) : [];
    lists.set(
      articleId,
      top.map((link, r) => ({
        articleId,
        rank: r + 1,
        similarArticleId: link.id,
        score: link.score,
        reason: linkReason(index, doc, link.doc),
      })),
    );
  }
  await atHighPoint();
  const textBytes = (list: readonly FeaturePageRow[]) =>
    list.reduce((sum, r) => sum + 2 * r[2].length + 64, 0);
  const peakBytes =
    corpus.bytes +
    Math.max(own.buildPeakBytes, index.buildPeakBytes) +
    own.bytes +
    textBytes(rows) +
    2 * textBytes(candidateRows) +
    16 * windowIds;
  return { lists, scored, met: candidatesOf, peakBytes, windows: { read: reads.length, wrapped } };
}
