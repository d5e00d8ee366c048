/**
 * What the fan-out similar refresh reads and writes beyond the single-isolate job's queries
 * (similar-queries.ts): its parts (job_parts), the stored inverted index (similar_postings), the
 * vocabulary's counters (similar_terms.df / kept), and feature rows by range or by id. Every
 * statement binds at most 100 parameters (D1's limit).
 */
import { and, asc, eq, gte, inArray, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { batchAll, chunkForParams, inChunks } from './chunks.ts';
import type { Db } from './client.ts';
import {
  articleFeatures,
  jobParts,
  similarPostings,
  similarPosts,
  similarTerms,
} from './schema.ts';
import { type FeaturePageRow, selectFeatureRows } from './similar-queries.ts';

export type PartPhase = 'features' | 'postings' | 'rank';

/**
 * The part size as an SQL integer literal: D1 binds JavaScript numbers as floating point, and
 * `id / 150.0` would not be an integer division. The size is a validated whole number.
 */
function partDivisor(size: number) {
  if (!Number.isInteger(size) || size < 1) {
    throw new Error(`part size must be a whole number, got ${size}`);
  }
  return sql.raw(String(size));
}

/**
 * Part numbers (article id ranges of `size`: part p is ids p·size+1 … (p+1)·size) that hold an
 * article whose features are missing or older than its content. One grouped read of the covering
 * index the single-isolate job's stale scan uses.
 */
export async function staleParts(db: Db, size: number): Promise<number[]> {
  const per = partDivisor(size);
  const rows = await db.all<{ part: number }>(sql`
    select (a.id - 1) / ${per} as part from articles a
    left join article_features f on f.article_id = a.id
    where f.content_hash is null or f.content_hash <> a.content_hash
    group by part order by part`);
  return rows.map((r) => r.part);
}

/** Parts holding any stored features (full passes), or only dirty ones (incremental runs). */
export async function featureParts(db: Db, size: number, dirtyOnly: boolean): Promise<number[]> {
  const per = partDivisor(size);
  const rows = await db.all<{ part: number }>(sql`
    select (article_id - 1) / ${per} as part from article_features
    ${dirtyOnly ? sql`where dirty = 1` : sql``}
    group by part order by part`);
  return rows.map((r) => r.part);
}

/**
 * Linkable articles with stored features: their number (N, the corpus size the weights are
 * relative to) and the largest id among them (the span sampled windows are placed over:
 * similarity-rank.ts samplePivot), as the single-isolate index of the same rows has them.
 */
export async function linkableSpan(db: Db): Promise<{ articles: number; maxArticleId: number }> {
  const row = await db
    .select({
      articles: sql<number>`count(*)`,
      maxArticleId: sql<number>`coalesce(max(${articleFeatures.articleId}), 0)`,
    })
    .from(articleFeatures)
    .where(eq(articleFeatures.linkable, true))
    .get();
  return { articles: row?.articles ?? 0, maxArticleId: row?.maxArticleId ?? 0 };
}

export interface CountedTerm {
  id: number;
  term: string;
  df: number;
  kept: number;
}

/** The vocabulary with its counters (one round trip; a row per distinct feature, not per article). */
export function readCountedVocabulary(db: Db): Promise<CountedTerm[]> {
  return db
    .select({
      id: similarTerms.id,
      term: similarTerms.term,
      df: similarTerms.df,
      kept: similarTerms.kept,
    })
    .from(similarTerms)
    .all();
}

/** Adds terms new to the vocabulary (ids assigned by D1, so parallel parts never collide). */
export function insertTerms(db: Db, terms: readonly string[]): BatchItem<'sqlite'>[] {
  // Three parameters a row: drizzle binds the counters' defaults too.
  return chunkForParams(
    terms.map((term) => ({ term })),
    3,
  ).map((chunk) => db.insert(similarTerms).values(chunk).onConflictDoNothing());
}

/** The ids of `terms` (after insertTerms, in the same round trip). */
export function termIds(db: Db, terms: readonly string[]): BatchItem<'sqlite'>[] {
  return inChunks(terms).map((chunk) =>
    db
      .select({ id: similarTerms.id, term: similarTerms.term })
      .from(similarTerms)
      .where(inArray(similarTerms.term, chunk)),
  );
}

/**
 * `column = column + delta` for every term with a non-zero delta: one statement per distinct
 * delta (most are ±1), each with at most 99 ids (the delta is the other parameter).
 */
export function counterUpdates(
  db: Db,
  column: 'df' | 'kept',
  deltas: ReadonlyMap<number, number>,
): BatchItem<'sqlite'>[] {
  const byDelta = new Map<number, number[]>();
  for (const [id, delta] of deltas) {
    if (delta !== 0) {
      byDelta.set(delta, [...(byDelta.get(delta) ?? []), id]);
    }
  }
  const target = column === 'df' ? similarTerms.df : similarTerms.kept;
  const statements: BatchItem<'sqlite'>[] = [];
  for (const [delta, ids] of byDelta) {
    for (const chunk of inChunks(ids, 1)) {
      statements.push(
        db
          .update(similarTerms)
          .set({ [column]: sql`${target} + ${delta}` })
          .where(inArray(similarTerms.id, chunk)),
      );
    }
  }
  return statements;
}

/** Stored features of the articles with ids in [from, to], as the single-isolate job reads them. */
export async function readFeatureRange(
  db: Db,
  from: number,
  to: number,
): Promise<FeaturePageRow[]> {
  return (await selectFeatureRows(db)
    .where(and(gte(articleFeatures.articleId, from), lte(articleFeatures.articleId, to)))
    .orderBy(asc(articleFeatures.articleId))
    .values()) as FeaturePageRow[];
}

/** Stored features of `ids` (linkable ones only: candidates), one round trip. */
export async function readFeaturesOf(db: Db, ids: readonly number[]): Promise<FeaturePageRow[]> {
  // `linkable = true` binds one parameter besides the ids.
  const reads = inChunks(ids, 1).map((chunk) =>
    db
      .select({
        articleId: articleFeatures.articleId,
        linkable: articleFeatures.linkable,
        features: articleFeatures.features,
        dirty: articleFeatures.dirty,
      })
      .from(articleFeatures)
      .where(and(inArray(articleFeatures.articleId, chunk), eq(articleFeatures.linkable, true))),
  );
  const rows = (await batchAll<Record<string, unknown>>(db, reads)).flat();
  return rows
    .map(
      (r) =>
        [r.articleId, r.linkable ? 1 : 0, r.features, r.dirty ? 1 : 0] as unknown as FeaturePageRow,
    )
    .sort((a, b) => a[0] - b[0]);
}

/** Stored postings of the articles in [from, to], as [articleId, termId]. */
export async function readPostingsRange(
  db: Db,
  from: number,
  to: number,
): Promise<[articleId: number, termId: number][]> {
  return (await db
    .select({ articleId: similarPostings.articleId, termId: similarPostings.termId })
    .from(similarPostings)
    .where(and(gte(similarPostings.articleId, from), lte(similarPostings.articleId, to)))
    .values()) as [number, number][];
}

export function postingInserts(
  db: Db,
  rows: readonly { termId: number; articleId: number }[],
): BatchItem<'sqlite'>[] {
  return chunkForParams(rows, 2).map((chunk) =>
    db.insert(similarPostings).values(chunk).onConflictDoNothing(),
  );
}

export function postingDeletes(
  db: Db,
  articleId: number,
  termIdsToDrop: readonly number[],
): BatchItem<'sqlite'>[] {
  // The article id is the one parameter besides the term ids.
  return inChunks(termIdsToDrop, 1).map((chunk) =>
    db
      .delete(similarPostings)
      .where(and(eq(similarPostings.articleId, articleId), inArray(similarPostings.termId, chunk))),
  );
}

/**
 * A window of a term's posting list (article ids, ascending): the first `count` postings with an
 * article id at or above `pivot`, then, when the list ends first, the lowest ids (it wraps).
 */
export interface WindowRead {
  termId: number;
  pivot: number;
  count: number;
}

/**
 * One window as one statement: two range seeks on the primary key (term_id, article_id), at or
 * above the pivot and below it, each in id order and limited, under an outer limit. SQLite runs a
 * UNION ALL's arms in order and stops once the outer limit is reached, so the arm below the pivot
 * is not even opened unless the list ends first: the statement reads about `count` postings
 * wherever the window lies, where `limit ? offset ?` stepped over every posting before it (a
 * share of the corpus). Two reads would read the same rows but need a second round trip for the
 * windows that wrap, which are only known once the first has returned. Seven parameters.
 */
export function windowStatement(db: Db, w: WindowRead) {
  const arm = (range: SQL, alias: string) => {
    const postings = db
      .select({ articleId: similarPostings.articleId })
      .from(similarPostings)
      .where(and(eq(similarPostings.termId, w.termId), range))
      .orderBy(asc(similarPostings.articleId))
      .limit(w.count)
      .as(alias);
    return db.select({ articleId: postings.articleId }).from(postings);
  };
  return arm(gte(similarPostings.articleId, w.pivot), 'from_pivot')
    .unionAll(arm(lt(similarPostings.articleId, w.pivot), 'wrapped'))
    .limit(w.count);
}

/** Reads every window in one round trip; returns the article ids of each (order unspecified). */
export async function readWindows(db: Db, windows: readonly WindowRead[]): Promise<number[][]> {
  const results = await batchAll<{ articleId: number }>(
    db,
    windows.map((w) => windowStatement(db, w)),
  );
  return results.map((rows) => rows.map((r) => r.articleId));
}

/** The link at `rank` of each of `ids` that has one: [articleId, similarArticleId, score]. */
export async function readBars(
  db: Db,
  ids: readonly number[],
  rank: number,
): Promise<Map<number, { target: number; score: number }>> {
  // The rank is the one parameter besides the ids.
  const reads = inChunks(ids, 1).map((chunk) =>
    db
      .select({
        articleId: similarPosts.articleId,
        target: similarPosts.similarArticleId,
        score: similarPosts.score,
      })
      .from(similarPosts)
      .where(and(inArray(similarPosts.articleId, chunk), eq(similarPosts.rank, rank))),
  );
  const rows = (
    await batchAll<{ articleId: number; target: number; score: number }>(db, reads)
  ).flat();
  return new Map(rows.map((r) => [r.articleId, { target: r.target, score: r.score }]));
}

// ---- parts ------------------------------------------------------------------------------------

export interface PartRow {
  runId: number;
  phase: PartPhase;
  part: number;
  fromId: number;
  toId: number;
}

/** Creates a phase's parts, each due by `dueAt` (the watchdog re-sends a part not done by then). */
export function insertParts(
  db: Db,
  parts: readonly PartRow[],
  dueAt: string,
): BatchItem<'sqlite'>[] {
  return chunkForParams(
    parts.map((p) => ({ ...p, status: 'pending' as const, leaseUntil: dueAt })),
    // Every column is bound (drizzle binds defaults and nulls too).
    14,
  ).map((chunk) => db.insert(jobParts).values(chunk).onConflictDoNothing());
}

const partKey = (p: { runId: number; phase: PartPhase; part: number }) =>
  and(eq(jobParts.runId, p.runId), eq(jobParts.phase, p.phase), eq(jobParts.part, p.part));

/**
 * Claims a part for `owner` until `leaseUntil`: only a part not done and not held by a live
 * lease. One statement, so two deliveries of the same message cannot both win. Returns the
 * attempt number, or null when the part is done or held.
 */
export async function claimPart(
  db: Db,
  key: { runId: number; phase: PartPhase; part: number },
  owner: string,
  now: string,
  leaseUntil: string,
): Promise<number | null> {
  const row = await db
    .update(jobParts)
    .set({ status: 'running', owner, leaseUntil, attempts: sql`${jobParts.attempts} + 1` })
    .where(
      and(
        partKey(key),
        sql`(${jobParts.status} in ('pending', 'failed') or (${jobParts.status} = 'running' and ${jobParts.leaseUntil} < ${now}))`,
      ),
    )
    .returning({ attempts: jobParts.attempts })
    .get();
  return row?.attempts ?? null;
}

/**
 * A statement that aborts its batch (and so rolls back every write in it: a D1 batch is a
 * transaction) unless `owner` still holds the part: when someone else does, it sets the part's
 * NOT NULL status to null, which fails. This is what keeps a consumer whose lease was taken over
 * from writing anything twice.
 */
export function partGuard(
  db: Db,
  key: { runId: number; phase: PartPhase; part: number },
  owner: string,
) {
  return db
    .update(jobParts)
    .set({ status: sql`null` })
    .where(and(partKey(key), sql`(${jobParts.owner} is null or ${jobParts.owner} <> ${owner})`));
}

export function renewPart(
  db: Db,
  key: { runId: number; phase: PartPhase; part: number },
  owner: string,
  leaseUntil: string,
) {
  return db
    .update(jobParts)
    .set({ leaseUntil })
    .where(and(partKey(key), eq(jobParts.owner, owner)));
}

export function completePart(
  db: Db,
  key: { runId: number; phase: PartPhase; part: number },
  owner: string,
  totals: { processed: number; rowsWritten: number; peakBytes: number; ms: number },
) {
  return db
    .update(jobParts)
    .set({ status: 'done', ...totals, error: null })
    .where(and(partKey(key), eq(jobParts.owner, owner)));
}

/** Records a failed attempt and frees the part for the queue's retry. */
export async function failPart(
  db: Db,
  key: { runId: number; phase: PartPhase; part: number },
  owner: string,
  error: string,
): Promise<void> {
  await db
    .update(jobParts)
    .set({ status: 'failed', owner: null, leaseUntil: null, error: error.slice(0, 2000) })
    .where(and(partKey(key), eq(jobParts.owner, owner)));
}

/** Parts of the run's phase not yet done. */
export async function openParts(db: Db, runId: number, phase: PartPhase): Promise<number> {
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(jobParts)
    .where(
      and(eq(jobParts.runId, runId), eq(jobParts.phase, phase), sql`${jobParts.status} <> 'done'`),
    )
    .get();
  return row?.n ?? 0;
}

/** Parts of a phase that should have finished by `now` and did not (lost messages, dead consumers). */
export function overdueParts(db: Db, runId: number, phase: PartPhase, now: string) {
  return db
    .select({
      runId: jobParts.runId,
      phase: jobParts.phase,
      part: jobParts.part,
      fromId: jobParts.fromId,
      toId: jobParts.toId,
      attempts: jobParts.attempts,
    })
    .from(jobParts)
    .where(
      and(
        eq(jobParts.runId, runId),
        eq(jobParts.phase, phase),
        sql`${jobParts.status} <> 'done'`,
        sql`(${jobParts.leaseUntil} is null or ${jobParts.leaseUntil} < ${now})`,
      ),
    )
    .all();
}

/** Totals over every part of a run, for its job_runs row. */
export async function runTotals(
  db: Db,
  runId: number,
): Promise<{ processed: number; rowsWritten: number; parts: number; peakBytes: number }> {
  const row = await db
    .select({
      processed: sql<number>`coalesce(sum(case when ${jobParts.phase} = 'rank' then ${jobParts.processed} else 0 end), 0)`,
      rowsWritten: sql<number>`coalesce(sum(${jobParts.rowsWritten}), 0)`,
      parts: sql<number>`count(*)`,
      peakBytes: sql<number>`coalesce(max(${jobParts.peakBytes}), 0)`,
    })
    .from(jobParts)
    .where(eq(jobParts.runId, runId))
    .get();
  return row ?? { processed: 0, rowsWritten: 0, parts: 0, peakBytes: 0 };
}

/** The parts of a run, for GET /admin/jobs?run=N. */
export function listParts(db: Db, runId: number) {
  return db
    .select()
    .from(jobParts)
    .where(eq(jobParts.runId, runId))
    .orderBy(asc(jobParts.phase), asc(jobParts.part))
    .all();
}

/**
 * Empties what the fan-out keeps between runs (stored postings and counters) and the stored
 * features they were counted from, so the next features phase counts everything afresh. Run when
 * the counters cannot be trusted: the single-isolate job wrote features without counting them.
 */
export function resetFanoutIndex(db: Db): BatchItem<'sqlite'>[] {
  return [
    db.delete(similarPostings),
    db.delete(articleFeatures),
    db.update(similarTerms).set({ df: 0, kept: 0 }),
  ];
}
