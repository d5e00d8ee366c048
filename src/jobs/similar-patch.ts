/**
 * Updating a stored list in place instead of ranking its article again. An incremental run
 * touches the lists that link to a changed article and those a changed article may now enter;
 * they keep their other links, so scoring the list's links again, adding the changed articles
 * that now qualify and re-sorting gives the list a ranking would, at a fraction of the cost.
 *
 * Why that is exact: a list is the best k of the candidates its article's ranking gathers, by
 * exact score (similarity-rank.ts). Every gathered article missing from a full list ranked after
 * its last link (the bar); a shorter list means the rest scored below MIN_LINK_SCORE. A changed
 * article enters only if the ranking would gather it (Ranker.gathers) and it beats the bar. When
 * the k-th link of the result ranks behind the bar (a changed link fell back, or left), the
 * runner-up is unknown without ranking: patchList() answers null and the caller ranks the
 * article. What a patch does not follow are the small shifts a ranking would see because the
 * changes moved corpus statistics and posting lists for everybody (which unchanged articles a
 * sampled feature reaches); the daily full pass settles those (docs/JOBS.md, "Full and
 * incremental runs").
 */
import type { StoredLink } from '../db/similar-queries.ts';
import { linkReason } from './similar-reason.ts';
import { docOf, type SimilarityIndex } from './similarity-index.ts';
import {
  compareLinks,
  MIN_LINK_SCORE,
  MIN_LINKS,
  type Ranker,
  roundScore,
} from './similarity-rank.ts';

export interface PatchInput {
  articleId: number;
  /** The article's stored list, in rank order. */
  stored: readonly StoredLink[];
  /** Articles whose features changed since the stored lists were computed. */
  changed: ReadonlySet<number>;
  /** Changed articles that may now enter this list (they score with it above its bar). */
  entering: readonly number[];
  topK: number;
}

/**
 * The article's new list, or null when it cannot be known without ranking the article again:
 * it has no stored list (fewer than MIN_LINKS passed, and the near misses are not stored), a gap
 * in its ranks (a linked article was deleted), or a changed link now ranks behind the old bar.
 */
export function patchList(
  index: SimilarityIndex,
  ranker: Ranker,
  input: PatchInput,
): StoredLink[] | null {
  const { articleId, stored, changed, topK } = input;
  const doc = docOf(index, articleId);
  if (doc < 0 || stored.length === 0 || stored.some((row, i) => row.rank !== i + 1)) {
    return null;
  }
  // Every link is scored again, with the statistics a ranking would use now. Reasons name the
  // features two articles share, so only the changed articles' can differ.
  const known: Omit<StoredLink, 'rank'>[] = [];
  const rescore = new Set(input.entering);
  const last = stored.length >= topK ? stored[stored.length - 1] : undefined;
  let bar = last ? { id: last.similarArticleId, score: last.score } : null;
  for (const row of stored) {
    const other = docOf(index, row.similarArticleId);
    if (changed.has(row.similarArticleId)) {
      rescore.add(row.similarArticleId);
    } else if (other >= 0) {
      const score = roundScore(ranker.score(doc, other));
      if (row === last) {
        bar = { id: row.similarArticleId, score };
      }
      if (score >= MIN_LINK_SCORE) {
        known.push({ ...row, score });
      }
    }
  }
  for (const id of rescore) {
    const other = docOf(index, id);
    if (other < 0 || other === doc || !ranker.gathers(doc, other)) {
      continue; // now a draft, gone, or out of the article's reach: it leaves the list
    }
    const score = roundScore(ranker.score(doc, other));
    if (score >= MIN_LINK_SCORE) {
      known.push({ articleId, similarArticleId: id, score, reason: linkReason(index, doc, other) });
    }
  }
  known.sort((a, b) =>
    compareLinks(articleId, a.similarArticleId, a.score, b.similarArticleId, b.score),
  );
  const next = known.slice(0, topK);
  if (bar) {
    const kth = next[topK - 1];
    if (!kth || compareLinks(articleId, kth.similarArticleId, kth.score, bar.id, bar.score) > 0) {
      return null;
    }
  }
  if (next.length < MIN_LINKS) {
    return [];
  }
  return next.map((link, r) => ({ ...link, articleId, rank: r + 1 }));
}
