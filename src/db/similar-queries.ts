/**
 * What the similar-posts job reads and writes: articles whose stored features are stale, the
 * stored features themselves, and similar_posts lists. Every statement binds at most 100
 * parameters (D1's limit): id lists and multi-row writes are split by chunks.ts.
 */
import { and, asc, eq, gt, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { batchAll, chunkForParams, inChunks } from './chunks.ts';
import type { Db } from './client.ts';
import type { VocabularyRow } from './packed-features.ts';
import {
  articleBlocks,
  articleEntities,
  articleFeatures,
  articles,
  articleTags,
  similarPosts,
  similarTerms,
} from './schema.ts';
import { type FeatureSource, featureText } from './similar-features.ts';

export interface StaleArticle {
  id: number;
  contentHash: string;
  linkable: boolean;
  source: FeatureSource;
  /** What article_features holds now (null when the article has no row yet). */
  stored: { features: string; linkable: boolean } | null;
}

/**
 * The ids of the next `limit` articles after `afterId` whose features are missing or older than
 * their content. Every run walks all ids through it, so it reads the covering index
 * `articles_id_hash_idx` rather than the articles' wide rows (under a third of the time at 100,000).
 */
export function staleArticleIds(db: Db, afterId: number, limit: number) {
  return db
    .select({ id: articles.id })
    .from(articles)
    .leftJoin(articleFeatures, eq(articleFeatures.articleId, articles.id))
    .where(
      and(
        gt(articles.id, afterId),
        or(
          isNull(articleFeatures.contentHash),
          ne(articleFeatures.contentHash, articles.contentHash),
        ),
      ),
    )
    .orderBy(asc(articles.id))
    .limit(limit);
}

/**
 * The next `limit` articles after `afterId` whose features are missing or older than their
 * content, with everything feature extraction needs — one round trip (a batch of four reads that
 * share the same id subquery, so no id list is bound at all).
 */
export async function readStaleArticles(
  db: Db,
  afterId: number,
  limit: number,
): Promise<StaleArticle[]> {
  const stale = staleArticleIds(db, afterId, limit);
  const [rows, tags, entities, blocks] = await db.batch([
    db
      .select({
        id: articles.id,
        contentHash: articles.contentHash,
        draft: articles.draft,
        title: articles.title,
        summary: articles.summary,
        topic: articles.topic,
        problem: articles.problem,
        createdAt: articles.createdAt,
        storedFeatures: articleFeatures.features,
        storedLinkable: articleFeatures.linkable,
      })
      .from(articles)
      .leftJoin(articleFeatures, eq(articleFeatures.articleId, articles.id))
      .where(inArray(articles.id, stale))
      .orderBy(asc(articles.id)),
    db
      .select({ articleId: articleTags.articleId, kind: articleTags.kind, name: articleTags.name })
      .from(articleTags)
      .where(inArray(articleTags.articleId, stale))
      .orderBy(asc(articleTags.articleId), asc(articleTags.kind), asc(articleTags.position)),
    db
      .select({
        articleId: articleEntities.articleId,
        name: articleEntities.name,
        type: articleEntities.type,
      })
      .from(articleEntities)
      .where(inArray(articleEntities.articleId, stale))
      .orderBy(asc(articleEntities.articleId), asc(articleEntities.position)),
    db
      .select({
        articleId: articleBlocks.articleId,
        kind: articleBlocks.kind,
        text: articleBlocks.text,
      })
      .from(articleBlocks)
      .where(and(inArray(articleBlocks.articleId, stale), ne(articleBlocks.kind, 'code')))
      .orderBy(asc(articleBlocks.articleId), asc(articleBlocks.position)),
  ]);
  const byId = new Map<number, StaleArticle>();
  for (const row of rows) {
    byId.set(row.id, {
      id: row.id,
      contentHash: row.contentHash,
      linkable: !row.draft,
      stored:
        row.storedFeatures === null || row.storedLinkable === null
          ? null
          : { features: row.storedFeatures, linkable: row.storedLinkable },
      source: {
        title: row.title,
        summary: row.summary,
        topic: row.topic,
        problem: row.problem,
        stack: [],
        tools: [],
        entities: [],
        headings: [],
        body: [],
        published: row.createdAt,
      },
    });
  }
  for (const tag of tags) {
    const source = byId.get(tag.articleId)?.source;
    (tag.kind === 'stack' ? source?.stack : source?.tools)?.push(tag.name);
  }
  for (const entity of entities) {
    byId.get(entity.articleId)?.source.entities.push({ name: entity.name, type: entity.type });
  }
  const blocksOf = new Map<number, typeof blocks>();
  for (const block of blocks) {
    const rows = blocksOf.get(block.articleId);
    if (rows) {
      rows.push(block);
    } else {
      blocksOf.set(block.articleId, [block]);
    }
  }
  for (const [articleId, rows] of blocksOf) {
    const article = byId.get(articleId);
    if (article) {
      Object.assign(article.source, featureText(rows));
    }
  }
  return [...byId.values()];
}

export interface FeatureRow {
  articleId: number;
  contentHash: string;
  linkable: boolean;
  features: string;
  dirty: boolean;
}

/** Inserts or replaces feature rows (5 parameters a row, so 20 rows a statement). */
export function featureUpserts(db: Db, rows: readonly FeatureRow[]): BatchItem<'sqlite'>[] {
  return chunkForParams(rows, 5).map((chunk) =>
    db
      .insert(articleFeatures)
      .values(chunk)
      .onConflictDoUpdate({
        target: articleFeatures.articleId,
        set: {
          contentHash: sql`excluded.content_hash`,
          linkable: sql`excluded.linkable`,
          features: sql`excluded.features`,
          // Still dirty if it was: a change not yet reflected in links stays pending.
          dirty: sql`max(excluded.dirty, ${articleFeatures.dirty})`,
        },
      }),
  );
}

/** The whole vocabulary (one round trip: a few thousand short rows, tens of thousands at most). */
export function readVocabulary(db: Db): Promise<VocabularyRow[]> {
  return db.select({ id: similarTerms.id, term: similarTerms.term }).from(similarTerms).all();
}

/**
 * Stores terms new to the vocabulary (4 parameters a row: drizzle binds the counters' defaults
 * too, so 25 rows a statement).
 */
export function vocabularyInserts(db: Db, rows: readonly VocabularyRow[]): BatchItem<'sqlite'>[] {
  return chunkForParams(rows, 4).map((chunk) => db.insert(similarTerms).values(chunk));
}

/** A stored feature row as read for the index: [articleId, linkable, features, dirty] (0/1 flags). */
export type FeaturePageRow = [articleId: number, linkable: number, features: string, dirty: number];

/** The columns of a FeaturePageRow, in its order; callers add the range, order and `.values()`. */
export function selectFeatureRows(db: Db) {
  return db
    .select({
      articleId: articleFeatures.articleId,
      linkable: articleFeatures.linkable,
      features: articleFeatures.features,
      dirty: articleFeatures.dirty,
    })
    .from(articleFeatures);
}

/**
 * A page of stored features in article id order (the index is built from these pages). Rows come
 * as tuples: every run reads all of them, and mapping 100,000 rows to objects cost more than
 * reading them.
 */
export async function readFeaturePage(
  db: Db,
  afterId: number,
  limit: number,
): Promise<FeaturePageRow[]> {
  return (await selectFeatureRows(db)
    .where(gt(articleFeatures.articleId, afterId))
    .orderBy(asc(articleFeatures.articleId))
    .limit(limit)
    .values()) as FeaturePageRow[];
}

/** How many articles have stored features, and how many of those are dirty. */
export async function featureStats(db: Db): Promise<{ rows: number; dirty: number }> {
  const row = await db
    .select({
      rows: sql<number>`count(*)`,
      dirty: sql<number>`coalesce(sum(${articleFeatures.dirty}), 0)`,
    })
    .from(articleFeatures)
    .get();
  return { rows: row?.rows ?? 0, dirty: row?.dirty ?? 0 };
}

export interface StoredLink {
  articleId: number;
  rank: number;
  similarArticleId: number;
  score: number;
  reason: string;
}

/**
 * The link at `rank` of every article that has one, as [articleId, similarArticleId, score]: the
 * bar a newcomer must clear to enter its list. Tuples, not objects: one row per article.
 */
export async function readLinksAtRank(
  db: Db,
  rank: number,
): Promise<[articleId: number, similarArticleId: number, score: number][]> {
  return (await db
    .select({
      articleId: similarPosts.articleId,
      similarArticleId: similarPosts.similarArticleId,
      score: similarPosts.score,
    })
    .from(similarPosts)
    .where(eq(similarPosts.rank, rank))
    .values()) as [number, number, number][];
}

/** Articles whose stored lists link to any of `targetIds` (one round trip). */
export async function readLinkers(db: Db, targetIds: readonly number[]): Promise<number[]> {
  const reads = inChunks(targetIds).map((ids) =>
    db
      .selectDistinct({ articleId: similarPosts.articleId })
      .from(similarPosts)
      .where(inArray(similarPosts.similarArticleId, ids)),
  );
  const rows = (await batchAll<{ articleId: number }>(db, reads)).flat();
  return [...new Set(rows.map((r) => r.articleId))].sort((a, b) => a - b);
}

/** The stored lists of `articleIds` in rank order, and their slugs (one round trip). */
export async function readLists(
  db: Db,
  articleIds: readonly number[],
): Promise<{ lists: Map<number, StoredLink[]>; slugs: Map<number, string> }> {
  const lists = new Map<number, StoredLink[]>();
  const slugs = new Map<number, string>();
  const chunks = inChunks(articleIds);
  const listReads = chunks.map((ids) =>
    db
      .select()
      .from(similarPosts)
      .where(inArray(similarPosts.articleId, ids))
      .orderBy(asc(similarPosts.articleId), asc(similarPosts.rank)),
  );
  const slugReads = chunks.map((ids) =>
    db
      .select({ id: articles.id, slug: articles.slug })
      .from(articles)
      .where(inArray(articles.id, ids)),
  );
  const results = await batchAll<unknown>(db, [...listReads, ...slugReads]);
  for (const rows of results.slice(0, chunks.length) as StoredLink[][]) {
    for (const row of rows) {
      lists.set(row.articleId, [...(lists.get(row.articleId) ?? []), row]);
    }
  }
  for (const rows of results.slice(chunks.length) as { id: number; slug: string }[][]) {
    for (const row of rows) {
      slugs.set(row.id, row.slug);
    }
  }
  return { lists, slugs };
}

export interface ListChange {
  articleId: number;
  /** Rows whose rank is new or whose target, score or reason changed. */
  upserts: StoredLink[];
  /** Delete this article's rows ranked above this (the list got shorter), or null. */
  keepRanks: number | null;
}

/**
 * The statements that turn stored lists into new ones, touching only rows that differ.
 * Run them in one batch so each article shows its old list or its new list, never a mix.
 */
export function listWrites(db: Db, changes: readonly ListChange[]): BatchItem<'sqlite'>[] {
  const statements: BatchItem<'sqlite'>[] = [];
  const byKeep = new Map<number, number[]>();
  for (const change of changes) {
    if (change.keepRanks !== null) {
      byKeep.set(change.keepRanks, [...(byKeep.get(change.keepRanks) ?? []), change.articleId]);
    }
  }
  for (const [keep, ids] of byKeep) {
    // The rank to keep is the one parameter besides the ids.
    for (const chunk of inChunks(ids, 1)) {
      statements.push(
        db
          .delete(similarPosts)
          .where(and(inArray(similarPosts.articleId, chunk), gt(similarPosts.rank, keep))),
      );
    }
  }
  const rows = changes.flatMap((c) => c.upserts);
  for (const chunk of chunkForParams(rows, 5)) {
    statements.push(
      db
        .insert(similarPosts)
        .values(chunk)
        .onConflictDoUpdate({
          target: [similarPosts.articleId, similarPosts.rank],
          set: {
            similarArticleId: sql`excluded.similar_article_id`,
            score: sql`excluded.score`,
            reason: sql`excluded.reason`,
          },
        }),
    );
  }
  return statements;
}

/**
 * Marks every dirty article's features as reflected in its links. No parameters: during the rank
 * phase nothing else writes article_features (the job holds its lock and extracts only before
 * ranking), so the dirty rows are exactly those the run loaded.
 */
export function clearAllDirty(db: Db) {
  return db.update(articleFeatures).set({ dirty: false }).where(eq(articleFeatures.dirty, true));
}

/**
 * Drops feature rows (unreadable ones): the next run's features phase extracts them again. One
 * round trip however many (a lost vocabulary makes every row unreadable).
 */
export async function deleteFeatures(db: Db, articleIds: readonly number[]): Promise<void> {
  await batchAll(
    db,
    inChunks(articleIds).map((ids) =>
      db.delete(articleFeatures).where(inArray(articleFeatures.articleId, ids)),
    ),
  );
}
