/**
 * Stores one article atomically: the article row, every list table and the search index are
 * written in a single D1 batch (a transaction), so a failure leaves the previous version whole.
 * An article whose content hash is unchanged writes nothing at all.
 */
import { eq, type SQL, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { contentHash } from '../content/hash.ts';
import { isIndexable } from '../content/policy.ts';
import { collisionSlug, slugify } from '../content/slug.ts';
import type { ArticleInput } from '../content/types.ts';
import { flattenBlocks } from './blocks.ts';
import type { Db } from './client.ts';
import {
  articleBlocks,
  articleEntities,
  articleListItems,
  articles,
  articleTags,
} from './schema.ts';
import { articlesFts } from './search-index.ts';

/** D1 refuses statements with more than 100 bound parameters (local D1 does not enforce it). */
export const D1_MAX_BOUND_PARAMETERS = 100;

export type WriteStatus = 'created' | 'updated' | 'unchanged';

/** What a listing page needs to know to invalidate: where the article appeared before and after. */
export interface ArticlePlacement {
  slug: string;
  difficulty: string;
  stack: string[];
  tools: string[];
}

export interface WriteResult {
  status: WriteStatus;
  id: number;
  slug: string;
  /** Statements sent (0 when unchanged). */
  statements: number;
  before: ArticlePlacement | null;
  after: ArticlePlacement;
}

export class SlugCollisionError extends Error {
  constructor(
    readonly slug: string,
    readonly otherSourceId: string,
  ) {
    super(`slug "${slug}" already belongs to article ${otherSourceId}`);
    this.name = 'SlugCollisionError';
  }
}

export interface WriteOptions {
  /** The import's clock; stored as created_at (new) and updated_at (changed). */
  now: Date;
  /** Compute the result without writing anything (import --dry-run). */
  dryRun?: boolean;
}

/** Splits rows so that no single INSERT binds more than D1's parameter limit. */
export function chunkRows<T>(rows: T[], paramsPerRow: number): T[][] {
  const size = Math.max(1, Math.floor(D1_MAX_BOUND_PARAMETERS / paramsPerRow));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) {
    chunks.push(rows.slice(i, i + size));
  }
  return chunks;
}

function bodyText(input: ArticleInput): string {
  return input.sections
    .flatMap((s) => [
      s.heading ?? '',
      ...s.blocks.map((b) =>
        b.kind === 'paragraph' ? b.text : b.kind === 'list' ? b.items.join('\n') : b.code,
      ),
    ])
    .filter((t) => t.length > 0)
    .join('\n');
}

async function resolveSlug(db: Db, input: ArticleInput): Promise<string> {
  const wanted = input.slug ?? slugify(input.title);
  const owner = await db
    .select({ sourceId: articles.sourceId })
    .from(articles)
    .where(eq(articles.slug, wanted))
    .get();
  if (!owner || owner.sourceId === input.sourceId) {
    return wanted;
  }
  if (input.slug !== null) {
    // An editor chose this slug explicitly: silently renaming it would break their links.
    throw new SlugCollisionError(wanted, owner.sourceId);
  }
  const fallback = collisionSlug(wanted, input.sourceId);
  const fallbackOwner = await db
    .select({ sourceId: articles.sourceId })
    .from(articles)
    .where(eq(articles.slug, fallback))
    .get();
  if (fallbackOwner && fallbackOwner.sourceId !== input.sourceId) {
    throw new SlugCollisionError(fallback, fallbackOwner.sourceId);
  }
  return fallback;
}

function placementOf(input: ArticleInput, slug: string): ArticlePlacement {
  return { slug, difficulty: input.difficulty, stack: input.stack, tools: input.tools };
}

/**
 * Creates, updates or leaves alone the article with `input.sourceId`.
 *
 * @example
 * const result = await writeArticle(db, parsed, { now: new Date() });
 * // result.status === 'created' | 'updated' | 'unchanged'
 */
export async function writeArticle(
  db: Db,
  input: ArticleInput,
  options: WriteOptions,
): Promise<WriteResult> {
  const hash = await contentHash(input);
  const existing = await db
    .select({
      id: articles.id,
      slug: articles.slug,
      difficulty: articles.difficulty,
      contentHash: articles.contentHash,
      stack: sql<string>`(select json_group_array(name) from (select name from ${articleTags} where article_id = ${articles.id} and kind = 'stack' order by position))`,
      tools: sql<string>`(select json_group_array(name) from (select name from ${articleTags} where article_id = ${articles.id} and kind = 'tool' order by position))`,
    })
    .from(articles)
    .where(eq(articles.sourceId, input.sourceId))
    .get();
  const before: ArticlePlacement | null = existing
    ? {
        slug: existing.slug,
        difficulty: existing.difficulty,
        stack: JSON.parse(existing.stack) as string[],
        tools: JSON.parse(existing.tools) as string[],
      }
    : null;

  if (existing && existing.contentHash === hash) {
    return {
      status: 'unchanged',
      id: existing.id,
      slug: existing.slug,
      statements: 0,
      before,
      after: before ?? placementOf(input, existing.slug),
    };
  }

  const slug =
    existing && existing.slug === (input.slug ?? slugify(input.title))
      ? existing.slug
      : await resolveSlug(db, input);
  const now = options.now.toISOString();
  const createdAt = input.publishedAt ?? (existing ? undefined : now);
  // A changed article without an explicit lastmod was modified by this import, not at publication.
  const updatedAt = input.modifiedAt ?? (existing ? now : (input.publishedAt ?? now));
  const articleId: SQL = sql`(select id from ${articles} where source_id = ${input.sourceId})`;

  const row = {
    sourceId: input.sourceId,
    format: input.format,
    slug,
    title: input.title,
    topic: input.topic,
    problem: input.problem,
    summary: input.summary,
    outlineContext: input.outline.context,
    outlineProblem: input.outline.problem,
    outlineStack: input.outline.stack,
    outlineAction: input.outline.recommendedAction,
    aiBrief: input.aiBrief,
    codeLanguage: input.codeLanguage,
    difficulty: input.difficulty,
    readingTime: input.readingTime,
    viewCount: input.viewCount,
    scoreQuality: input.scores.quality,
    scoreFreshness: input.scores.freshness,
    scoreDepth: input.scores.depth,
    scoreClarity: input.scores.clarity,
    revisionStatus: input.revision.status,
    revisionVersion: input.revision.version,
    lastReviewed: input.revision.lastReviewed,
    reference: input.reference,
    hash: input.hash,
    flagAiGenerated: input.flags.aiGeneratedStyle,
    flagHasImages: input.flags.hasImages,
    flagImageHeavy: input.flags.imageHeavy,
    flagNeedsReview: input.flags.needsHumanReview,
    payloadSourceId: input.payload.sourceId,
    payloadGenerator: input.payload.generator,
    payloadParagraphs: input.payload.paragraphs,
    payloadScenario: input.payload.scenario,
    payloadSeed: input.payload.seed,
    author: input.author,
    draft: input.draft,
    indexable: isIndexable(input),
    contentHash: hash,
    updatedAt,
  };

  const statements: BatchItem<'sqlite'>[] = [
    db
      .insert(articles)
      .values({ ...row, createdAt: createdAt ?? now })
      .onConflictDoUpdate({
        target: articles.sourceId,
        set: createdAt === undefined ? row : { ...row, createdAt },
      }),
  ];
  if (existing) {
    for (const table of [articleBlocks, articleTags, articleEntities, articleListItems]) {
      statements.push(db.delete(table).where(eq(table.articleId, existing.id)));
    }
    statements.push(db.delete(articlesFts).where(eq(articlesFts.rowid, existing.id)));
  }

  const blocks = flattenBlocks(input.sections).map((b) => ({ ...b, articleId }));
  for (const chunk of chunkRows(blocks, 5)) {
    statements.push(db.insert(articleBlocks).values(chunk));
  }
  const tags = [
    ...input.stack.map((name, position) => ({ articleId, kind: 'stack' as const, position, name })),
    ...input.tools.map((name, position) => ({ articleId, kind: 'tool' as const, position, name })),
  ];
  for (const chunk of chunkRows(tags, 4)) {
    statements.push(db.insert(articleTags).values(chunk));
  }
  const entities = input.entities.map((e, position) => ({ articleId, position, ...e }));
  for (const chunk of chunkRows(entities, 4)) {
    statements.push(db.insert(articleEntities).values(chunk));
  }
  const items = [
    ...input.checklist.map((text, position) => ({
      articleId,
      list: 'checklist' as const,
      position,
      text,
    })),
    ...input.notes.map((text, position) => ({ articleId, list: 'notes' as const, position, text })),
  ];
  for (const chunk of chunkRows(items, 4)) {
    statements.push(db.insert(articleListItems).values(chunk));
  }
  statements.push(
    db.insert(articlesFts).values({
      rowid: articleId,
      title: input.title,
      summary: input.summary,
      body: bodyText(input),
    }),
  );

  const result: WriteResult = {
    status: existing ? 'updated' : 'created',
    id: existing?.id ?? 0,
    slug,
    statements: statements.length,
    before,
    after: placementOf(input, slug),
  };
  if (options.dryRun) {
    return result;
  }
  await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  if (!existing) {
    const created = await db
      .select({ id: articles.id })
      .from(articles)
      .where(eq(articles.sourceId, input.sourceId))
      .get();
    result.id = created?.id ?? 0;
  }
  return result;
}
