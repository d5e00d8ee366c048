/**
 * What the freshness job reads and writes: a page of articles' review fields, and updates of
 * score_freshness alone (never updated_at, which only content changes move).
 */
import { asc, gt, inArray } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { inChunks } from './chunks.ts';
import type { Db } from './client.ts';
import { articles } from './schema.ts';

export interface FreshnessRow {
  id: number;
  slug: string;
  lastReviewed: string | null;
  updatedAt: string;
  /** created_at: the source's publication date, else the first import's time. */
  publishedAt: string;
  revisionStatus: string;
  needsHumanReview: boolean;
  scoreFreshness: number;
}

/** Up to `limit` articles after `afterId`, in id order. */
export function readFreshnessPage(db: Db, afterId: number, limit: number): Promise<FreshnessRow[]> {
  return db
    .select({
      id: articles.id,
      slug: articles.slug,
      lastReviewed: articles.lastReviewed,
      updatedAt: articles.updatedAt,
      publishedAt: articles.createdAt,
      revisionStatus: articles.revisionStatus,
      needsHumanReview: articles.flagNeedsReview,
      scoreFreshness: articles.scoreFreshness,
    })
    .from(articles)
    .where(gt(articles.id, afterId))
    .orderBy(asc(articles.id))
    .limit(limit)
    .all();
}

/**
 * One UPDATE per distinct score, each naming at most 99 ids (plus the score: D1's 100 bound
 * parameters). Scores are integers 0–100, so a chunk needs few statements.
 *
 * @example
 * const statements = freshnessUpdates(db, [{ id: 1, score: 80 }, { id: 2, score: 80 }]); // one UPDATE
 */
export function freshnessUpdates(
  db: Db,
  changes: readonly { id: number; score: number }[],
): BatchItem<'sqlite'>[] {
  const byScore = new Map<number, number[]>();
  for (const { id, score } of changes) {
    byScore.set(score, [...(byScore.get(score) ?? []), id]);
  }
  const statements: BatchItem<'sqlite'>[] = [];
  for (const [score, ids] of [...byScore.entries()].sort(([a], [b]) => a - b)) {
    for (const chunk of inChunks(ids, 1)) {
      statements.push(
        db.update(articles).set({ scoreFreshness: score }).where(inArray(articles.id, chunk)),
      );
    }
  }
  return statements;
}
