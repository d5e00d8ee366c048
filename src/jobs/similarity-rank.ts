/**
 * Finds an article's most similar articles in a SimilarityIndex without comparing it to every
 * other article: candidates come from the inverted index, rarest features first, within a fixed
 * budget of postings, and only the best candidates are scored exactly. The cost per article is
 * therefore bounded whatever the corpus size (docs/JOBS.md, "Scale").
 */
import type { SimilarityIndex } from './similarity-index.ts';

/** A link is stored only at or above this score; below it the articles merely share a theme. */
export const MIN_LINK_SCORE = 0.35;
/** Fewer links than this are not shown, so they are not stored either. */
export const MIN_LINKS = 3;
/**
 * Postings visited per article while gathering candidates. This bound is what keeps the cost per
 * article flat as the corpus grows; 1,000 covers a feature shared by 1% of 100,000 articles.
 */
export const CANDIDATE_BUDGET = 1_000;
/** Candidates scored exactly per article (ten times the default top k). */
export const RESCORED = 48;

export interface ScoredDoc {
  doc: number;
  /** Rounded to 0.01: finer differences are noise from corpus statistics (docs/JOBS.md). */
  score: number;
}

/**
 * A stored link is rewritten only when its target or reason changes, or its score moves by more
 * than this: shifts in corpus statistics nudge every score a little, and rewriting rows for that
 * would cost D1 writes without changing anything a reader sees.
 */
export const SCORE_TOLERANCE = 0.02;

/** Stored scores have two decimals, so that small shifts in corpus statistics rewrite nothing. */
export function roundScore(score: number): number {
  return Math.round(score * 100) / 100;
}

/**
 * The deterministic order of an article's links: higher score first; on equal scores the
 * article closest in id (imported around the same time), then the lower id.
 * Negative when `aId` (score `aScore`) ranks before `bId` for the article `sourceId`.
 */
export function compareLinks(
  sourceId: number,
  aId: number,
  aScore: number,
  bId: number,
  bScore: number,
): number {
  return bScore - aScore || Math.abs(aId - sourceId) - Math.abs(bId - sourceId) || aId - bId;
}

export interface RankOptions {
  topK: number;
  minScore?: number;
  candidateBudget?: number;
  rescored?: number;
}

export interface RankResult {
  /** The links to store: empty when fewer than MIN_LINKS pass the threshold. */
  links: ScoredDoc[];
  /** Every candidate scored exactly, best first (used to find whose lists this article enters). */
  candidates: ScoredDoc[];
}

/**
 * Reusable ranking state for one index (the accumulators are as long as the corpus, so they
 * are allocated once per run, not per article).
 *
 * @example
 * const ranker = new Ranker(index, { topK: 5 });
 * const { links } = ranker.rank(docOf(index, 42));
 */
export class Ranker {
  private readonly acc: Float64Array;
  /** acc[d] is valid only when mark[d] === stamp: no clearing pass between articles. */
  private readonly mark: Int32Array;
  private stamp = 0;
  private readonly touched: Int32Array;
  private readonly heapDocs: Int32Array;
  private readonly heapScores: Float64Array;
  /** One slot per term: the article being ranked, scattered for exact scoring. */
  private readonly dense: Float64Array;
  private readonly order: number[] = [];
  private readonly minScore: number;
  private readonly budget: number;
  private readonly rescored: number;

  constructor(
    private readonly index: SimilarityIndex,
    private readonly options: RankOptions,
  ) {
    const n = index.articleIds.length;
    this.acc = new Float64Array(n);
    this.mark = new Int32Array(n);
    this.dense = new Float64Array(index.termNames.length);
    this.touched = new Int32Array(n);
    this.minScore = options.minScore ?? MIN_LINK_SCORE;
    this.budget = options.candidateBudget ?? CANDIDATE_BUDGET;
    this.rescored = options.rescored ?? RESCORED;
    this.heapDocs = new Int32Array(this.rescored);
    this.heapScores = new Float64Array(this.rescored);
  }

  /** Exact similarity of two documents: a merge of their term-sorted vectors. */
  score(a: number, b: number): number {
    // (Used for single pairs; rank() scatters the source once and reuses it for every candidate.)
    const { docStart, docTerms, docWeights } = this.index;
    let i = docStart[a] ?? 0;
    const iEnd = docStart[a + 1] ?? 0;
    let j = docStart[b] ?? 0;
    const jEnd = docStart[b + 1] ?? 0;
    let sum = 0;
    while (i < iEnd && j < jEnd) {
      const ti = docTerms[i] ?? 0;
      const tj = docTerms[j] ?? 0;
      if (ti === tj) {
        sum += (docWeights[i] ?? 0) * (docWeights[j] ?? 0);
        i++;
        j++;
      } else if (ti < tj) {
        i++;
      } else {
        j++;
      }
    }
    return sum;
  }

  rank(doc: number): RankResult {
    const { docStart, docTerms, docWeights, postStart, postDocs } = this.index;
    const acc = this.acc;
    const mark = this.mark;
    const stamp = ++this.stamp;
    const touched = this.touched;
    let touchedCount = 0;

    // Rarest features first: they are the most telling and the cheapest to follow.
    const order = this.order;
    order.length = 0;
    for (let i = docStart[doc] ?? 0; i < (docStart[doc + 1] ?? 0); i++) {
      order.push(i);
    }
    const length = (i: number) => {
      const t = docTerms[i] ?? 0;
      return (postStart[t + 1] ?? 0) - (postStart[t] ?? 0);
    };
    order.sort((a, b) => length(a) - length(b) || (docTerms[a] ?? 0) - (docTerms[b] ?? 0));

    let remaining = this.budget;
    for (const i of order) {
      if (remaining <= 0) {
        break;
      }
      const t = docTerms[i] ?? 0;
      const w = docWeights[i] ?? 0;
      const from = postStart[t] ?? 0;
      const len = (postStart[t + 1] ?? 0) - from;
      const visits = Math.min(len, remaining);
      remaining -= visits;
      // A list longer than the budget is sampled: a window starting at a position derived from
      // the article, so different articles see different parts of it and nobody is favoured.
      const start =
        visits < len ? (Math.imul(doc + 1, 0x9e3779b1) ^ Math.imul(t + 1, 0x85ebca6b)) >>> 0 : 0;
      const first = start % len;
      const head = Math.min(len - first, visits);
      // Two straight runs instead of a modulo per posting: [first, first + head), then the wrap.
      for (let run = 0; run < 2; run++) {
        const lo = run === 0 ? from + first : from;
        const hi = run === 0 ? lo + head : from + visits - head;
        for (let p = lo; p < hi; p++) {
          const other = postDocs[p] ?? 0;
          if (other === doc) {
            continue;
          }
          if (mark[other] !== stamp) {
            mark[other] = stamp;
            acc[other] = 0;
            touched[touchedCount++] = other;
          }
          // The source's weight alone: a cheap estimate that is enough to pick whom to score.
          acc[other] = (acc[other] ?? 0) + w;
        }
      }
    }

    // Keep the best partial scores in a small min-heap (worst at the root), ordered like the
    // final links (compareLinks) so that equal partial scores keep the closest articles.
    const ids = this.index.articleIds;
    const source = ids[doc] ?? 0;
    const heapDocs = this.heapDocs;
    const heapScores = this.heapScores;
    const capacity = this.rescored;
    let size = 0;
    /** True when (xd, xs) ranks before (yd, ys). Inlined compareLinks: this is the hot loop. */
    const before = (xd: number, xs: number, yd: number, ys: number): boolean => {
      if (xs !== ys) {
        return xs > ys;
      }
      const xi = ids[xd] ?? 0;
      const yi = ids[yd] ?? 0;
      const dx = Math.abs(xi - source);
      const dy = Math.abs(yi - source);
      return dx !== dy ? dx < dy : xi < yi;
    };
    const siftDown = () => {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (
          l < size &&
          before(heapDocs[m] ?? 0, heapScores[m] ?? 0, heapDocs[l] ?? 0, heapScores[l] ?? 0)
        ) {
          m = l;
        }
        if (
          r < size &&
          before(heapDocs[m] ?? 0, heapScores[m] ?? 0, heapDocs[r] ?? 0, heapScores[r] ?? 0)
        ) {
          m = r;
        }
        if (m === i) {
          return;
        }
        const d = heapDocs[i] ?? 0;
        const sc = heapScores[i] ?? 0;
        heapDocs[i] = heapDocs[m] ?? 0;
        heapScores[i] = heapScores[m] ?? 0;
        heapDocs[m] = d;
        heapScores[m] = sc;
        i = m;
      }
    };
    for (let k = 0; k < touchedCount; k++) {
      const other = touched[k] ?? 0;
      const s = acc[other] ?? 0;
      if (size < capacity) {
        let i = size++;
        // Sift up: the parent must not rank before the child (worst stays at the root).
        while (i > 0) {
          const parent = (i - 1) >> 1;
          const pd = heapDocs[parent] ?? 0;
          const ps = heapScores[parent] ?? 0;
          if (!before(pd, ps, other, s)) {
            break;
          }
          heapDocs[i] = pd;
          heapScores[i] = ps;
          i = parent;
        }
        heapDocs[i] = other;
        heapScores[i] = s;
      } else if (before(other, s, heapDocs[0] ?? 0, heapScores[0] ?? 0)) {
        heapDocs[0] = other;
        heapScores[0] = s;
        siftDown();
      }
    }

    // Exact scores: scatter this article's weights into a dense array once, then each candidate
    // costs one pass over its own entries.
    const { docStart: starts, docTerms: terms, docWeights: weights } = this.index;
    const dense = this.dense;
    const ownFrom = starts[doc] ?? 0;
    const ownTo = starts[doc + 1] ?? 0;
    for (let i = ownFrom; i < ownTo; i++) {
      dense[terms[i] ?? 0] = weights[i] ?? 0;
    }
    const candidates: ScoredDoc[] = [];
    for (let k = 0; k < size; k++) {
      const other = heapDocs[k] ?? 0;
      let sum = 0;
      for (let i = starts[other] ?? 0; i < (starts[other + 1] ?? 0); i++) {
        sum += (dense[terms[i] ?? 0] ?? 0) * (weights[i] ?? 0);
      }
      candidates.push({ doc: other, score: roundScore(sum) });
    }
    for (let i = ownFrom; i < ownTo; i++) {
      dense[terms[i] ?? 0] = 0;
    }
    candidates.sort((a, b) =>
      compareLinks(source, ids[a.doc] ?? 0, a.score, ids[b.doc] ?? 0, b.score),
    );
    const passing = candidates.filter((c) => c.score >= this.minScore).slice(0, this.options.topK);
    return { links: passing.length >= MIN_LINKS ? passing : [], candidates };
  }
}
