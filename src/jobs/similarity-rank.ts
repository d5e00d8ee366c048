/**
 * Finds an article's most similar articles in a SimilarityIndex without comparing it to every
 * other article: candidates come from the inverted index, heaviest features first, within a fixed
 * budget of postings, and every candidate that could make the list is scored exactly. The cost
 * per article is therefore bounded whatever the corpus size (docs/JOBS.md, "Finding neighbours
 * without comparing all pairs"), and the list is the exact top k of the candidates gathered,
 * which is what lets an incremental run update a list without ranking it again (similar-patch.ts).
 */
import type { SimilarityIndex } from './similarity-index.ts';

/** A link is stored only at or above this score; below it the articles merely share a theme. */
export const MIN_LINK_SCORE = 0.1;
/** Fewer links than this are not shown, so they are not stored either. */
export const MIN_LINKS = 3;
/**
 * Postings visited per article while gathering candidates, each of which may then be scored
 * exactly. This bound is what keeps the cost per article flat as the corpus grows. 200 is a
 * quarter of an article's topic (its problem in its stack) at 100,000 generated articles: enough
 * for precision@5 1.000 there, and the best five of 200 score higher than version 1's best five
 * of 48 (docs/JOBS.md, "Finding neighbours").
 */
export const CANDIDATE_BUDGET = 200;
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
  /**
   * The span sampled windows are placed over (samplePivot): the largest article id of the corpus.
   * By default the index's last article, which is that when the index holds the whole corpus.
   */
  maxArticleId?: number;
}

/**
 * Scores below this rank after the list's current last link whatever their exact value: they
 * would round to a lower two-decimal score (roundScore), plus room for float noise.
 */
const PRUNE_MARGIN = 0.005 + 1e-9;

/**
 * The key a sampled window starts from in a posting list longer than what is left of the budget:
 * an article id derived from a hash of the article's id and the term, spread over 0 …
 * `maxArticleId` (the largest article id in the index), so different articles see different parts
 * of the list and nobody is favoured. A key rather than a position, so that the fan-out refresh,
 * which reads the list from D1, can seek to it through the primary key (term_id, article_id)
 * instead of stepping over every posting before it (windowStart, fanout-queries.ts readWindows).
 * From the article's id rather than its index position, so a ranking over part of the corpus
 * samples the same window, given the same `maxArticleId`.
 *
 * @example
 * samplePivot(42, 7, 700) // an article id in 0 … 700
 */
export function samplePivot(articleId: number, term: number, maxArticleId: number): number {
  const hash = (Math.imul(articleId + 1, 0x9e3779b1) ^ Math.imul(term + 1, 0x85ebca6b)) >>> 0;
  return hash % (Math.max(0, maxArticleId) + 1);
}

/**
 * Where a sampled window starts in a posting list of `length` article ids in ascending order
 * (`idAt(p)` is the id at position p): at the first id at or above `pivot`, or at the start when
 * every id is below it (the window then wraps at once). The window is the `visits` postings from
 * there, wrapping to the lowest ids: the same postings as the first `visits` with an id at or
 * above the pivot followed by the lowest ids below it, which is what D1 reads.
 *
 * @example
 * windowStart(5, (p) => [3, 8, 20, 41, 90][p] ?? 0, 21) // 3 (id 41)
 * windowStart(5, (p) => [3, 8, 20, 41, 90][p] ?? 0, 95) // 0 (past the last id: wraps)
 */
export function windowStart(length: number, idAt: (p: number) => number, pivot: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (idAt(mid) < pivot) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo === length ? 0 : lo;
}

/**
 * Orders an article's entries (positions into its vector) the way its walk visits them: heaviest
 * first (a weight already says how rare a feature is and how much its kind counts, so the budget
 * goes to the most telling ones); on equal weights the shorter list, then the lower term id.
 */
export function heaviestFirst(
  order: number[],
  weight: (i: number) => number,
  length: (i: number) => number,
  term: (i: number) => number,
): void {
  order.sort((a, b) => weight(b) - weight(a) || length(a) - length(b) || term(a) - term(b));
}

/**
 * Reusable ranking state for one index (the accumulators are as long as the corpus, so they
 * are allocated once per run, not per article).
 *
 * @example
 * const ranker = new Ranker(index, { topK: 5 });
 * const links = ranker.rank(docOf(index, 42));
 */
export class Ranker {
  /** Per candidate: the exact contributions of the postings visited so far. */
  private readonly acc: Float64Array;
  /** acc[d] is valid only when mark[d] === stamp: no clearing pass between articles. */
  private readonly mark: Int32Array;
  private stamp = 0;
  private readonly touched: Int32Array;
  private touchedCount = 0;
  /** The most a candidate's exact score can exceed acc: the postings the walk did not visit. */
  private unseen = 0;
  /** One slot per term: the article being ranked, scattered for exact scoring. */
  private readonly dense: Float64Array;
  private readonly order: number[] = [];
  private readonly topDocs: Int32Array;
  private readonly topScores: Float64Array;
  private readonly minScore: number;
  private readonly budget: number;
  private readonly maxArticleId: number;

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
    this.maxArticleId = options.maxArticleId ?? index.articleIds[n - 1] ?? 0;
    this.topDocs = new Int32Array(options.topK);
    this.topScores = new Float64Array(options.topK);
  }

  /** Exact similarity of two documents: a merge of their term-sorted vectors. */
  score(a: number, b: number): number {
    // The same products summed in the same (term) order as exact(), so the same rounded score.
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

  /**
   * The postings rank(doc) visits, term by term (heaviest first): `visits` postings of term `term`
   * starting at offset `first` of its list (windowStart: the first article at or above the
   * sample's pivot) and wrapping around (0 once the budget is spent).
   * Calls `visit` for each of the document's terms and stops early when it returns true;
   * returns whether it did.
   */
  private walk(
    doc: number,
    visit: (term: number, weight: number, first: number, visits: number, length: number) => boolean,
  ): boolean {
    const { docStart, docTerms, docWeights, postStart, postDocs, articleIds } = this.index;
    const order = this.order;
    order.length = 0;
    for (let i = docStart[doc] ?? 0; i < (docStart[doc + 1] ?? 0); i++) {
      order.push(i);
    }
    const length = (i: number) => {
      const t = docTerms[i] ?? 0;
      return (postStart[t + 1] ?? 0) - (postStart[t] ?? 0);
    };
    heaviestFirst(
      order,
      (i) => docWeights[i] ?? 0,
      length,
      (i) => docTerms[i] ?? 0,
    );
    let remaining = this.budget;
    const articleId = articleIds[doc] ?? 0;
    for (const i of order) {
      const t = docTerms[i] ?? 0;
      const len = length(i);
      const visits = Math.min(len, remaining);
      remaining -= visits;
      // A list longer than what is left of the budget is sampled from a pivot article id (samplePivot):
      // postings are in document order, which is article-id order, so a binary search finds it.
      const from = postStart[t] ?? 0;
      const start =
        visits < len
          ? windowStart(
              len,
              (p) => articleIds[postDocs[from + p] ?? 0] ?? 0,
              samplePivot(articleId, t, this.maxArticleId),
            )
          : 0;
      if (visit(t, docWeights[i] ?? 0, start, visits, len)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Visits doc's postings within the budget: every candidate met goes to `touched`, with the
   * exact contributions of the features it was met through in `acc`.
   */
  private gather(doc: number): void {
    const { postStart, postDocs, postWeights, termMaxWeight } = this.index;
    const acc = this.acc;
    const mark = this.mark;
    const stamp = ++this.stamp;
    const touched = this.touched;
    let count = 0;
    let unseen = 0;
    this.walk(doc, (t, w, first, visits, len) => {
      if (visits < len) {
        unseen += w * (termMaxWeight[t] ?? 0);
      }
      const from = postStart[t] ?? 0;
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
            touched[count++] = other;
          }
          acc[other] = (acc[other] ?? 0) + w * (postWeights[p] ?? 0);
        }
      }
      return false;
    });
    this.touchedCount = count;
    this.unseen = unseen;
  }

  /** Scatters doc's weights for exact(); clear() undoes it. */
  private scatter(doc: number, clear = false): void {
    const { docStart, docTerms, docWeights } = this.index;
    for (let i = docStart[doc] ?? 0; i < (docStart[doc + 1] ?? 0); i++) {
      this.dense[docTerms[i] ?? 0] = clear ? 0 : (docWeights[i] ?? 0);
    }
  }

  /** The rounded exact score of `other` with the scattered document. */
  private exact(other: number): number {
    const { docStart, docTerms, docWeights } = this.index;
    const dense = this.dense;
    let sum = 0;
    for (let i = docStart[other] ?? 0; i < (docStart[other + 1] ?? 0); i++) {
      sum += (dense[docTerms[i] ?? 0] ?? 0) * (docWeights[i] ?? 0);
    }
    return roundScore(sum);
  }

  /**
   * Whether rank(doc) gathers `other` as a candidate: some feature they share has `other` inside
   * the part of its postings that `doc` visits. An incremental run uses this to tell whether a
   * changed article can enter a list without ranking the list's article again.
   */
  gathers(doc: number, other: number): boolean {
    const { postStart, postDocs } = this.index;
    const dense = this.dense;
    this.scatter(other);
    const found = this.walk(doc, (t, _w, first, visits, len) => {
      if (visits === 0 || dense[t] === 0) {
        return false;
      }
      // Postings are in document order: find `other`'s offset, then test the (wrapping) window.
      const from = postStart[t] ?? 0;
      let lo = 0;
      let hi = len - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((postDocs[from + mid] ?? 0) < other) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return (lo - first + len) % len < visits;
    });
    this.scatter(other, true);
    return found;
  }

  /**
   * The article's links: the top k gathered candidates by exact score (compareLinks order) at or
   * above the threshold, or none when fewer than MIN_LINKS pass.
   */
  rank(doc: number): ScoredDoc[] {
    return this.select(doc, null, []);
  }

  /**
   * rank(), and in the same pass the gathered candidates whose exact score reaches
   * `floor(candidate)` (and the threshold), unordered: an incremental run asks for the articles
   * whose lists a changed article may now enter, each floor being the score of the list's last link.
   */
  rankWithCandidates(
    doc: number,
    floor: (other: number) => number,
  ): { links: ScoredDoc[]; above: ScoredDoc[] } {
    const above: ScoredDoc[] = [];
    return { links: this.select(doc, floor, above), above };
  }

  private select(
    doc: number,
    floor: ((other: number) => number) | null,
    above: ScoredDoc[],
  ): ScoredDoc[] {
    this.gather(doc);
    const ids = this.index.articleIds;
    const source = ids[doc] ?? 0;
    const { acc, touched, unseen, topDocs, topScores, minScore } = this;
    const topK = this.options.topK;
    let size = 0;
    let bar = minScore;
    this.scatter(doc);
    for (let k = 0; k < this.touchedCount; k++) {
      const other = touched[k] ?? 0;
      const least = floor ? Math.max(minScore, floor(other)) : Number.POSITIVE_INFINITY;
      // Skipped unscored: candidates that cannot reach the bar even with every posting unvisited.
      if ((acc[other] ?? 0) + unseen < Math.min(bar, least) - PRUNE_MARGIN) {
        continue;
      }
      const s = this.exact(other);
      if (s >= least) {
        above.push({ doc: other, score: s });
      }
      if (s < minScore) {
        continue;
      }
      const id = ids[other] ?? 0;
      let at = size < topK ? size++ : topK;
      // Insertion into the few links kept so far, best first (compareLinks: ties to the closest id).
      while (
        at > 0 &&
        compareLinks(source, id, s, ids[topDocs[at - 1] ?? 0] ?? 0, topScores[at - 1] ?? 0) < 0
      ) {
        if (at < topK) {
          topDocs[at] = topDocs[at - 1] ?? 0;
          topScores[at] = topScores[at - 1] ?? 0;
        }
        at--;
      }
      if (at < topK) {
        topDocs[at] = other;
        topScores[at] = s;
      }
      if (size === topK) {
        bar = topScores[topK - 1] ?? bar;
      }
    }
    this.scatter(doc, true);
    if (size < MIN_LINKS) {
      return [];
    }
    const links: ScoredDoc[] = [];
    for (let k = 0; k < size; k++) {
      links.push({ doc: topDocs[k] ?? 0, score: topScores[k] ?? 0 });
    }
    return links;
  }
}
