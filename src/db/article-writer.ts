/**
 * Stores one article atomically: the article row, every list table and the search index are
 * written in a single D1 batch (a transaction), so a failure leaves the previous version whole.
 * An article whose content hash is unchanged writes nothing at all.
 *
 * The work is split so that a bulk import can share it: the reads (article-lookup.ts) take many
 * keys at once, and planArticleWrite turns one article into its batch without touching the
 * database, so the same statements can be sent to local D1 or rendered for a remote import.
 */
import { eq, type SQL, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { contentHash } from '../content/hash.ts';
import { isIndexable } from '../content/policy.ts';
import { articleBody, renderSections } from '../content/render/index.ts';
import { collisionSlug, isPlausibleSlug, MAX_SLUG_LENGTH, slugify } from '../content/slug.ts';
import type { ArticleBody, ArticleInput } from '../content/types.ts';
import { type ExistingArticle, findExistingArticles, findSlugOwners } from './article-lookup.ts';
import { articleColumns } from './article-row.ts';
import { flattenBlocks } from './blocks.ts';
import { chunkForParams } from './chunks.ts';
import type { Db } from './client.ts';
import { MAX_TEXT_CHARS_PER_INSERT } from './limits.ts';
import {
  articleBlocks,
  articleBodies,
  articleEntities,
  articleListItems,
  articles,
  articleTags,
  redirects,
} from './schema.ts';
import { articlesFts } from './search-index.ts';

export type WriteStatus = 'created' | 'updated' | 'unchanged';

/** What a listing page needs to know to invalidate: where the article appeared before and after. */
export interface ArticlePlacement {
  slug: string;
  difficulty: string;
  stack: string[];
  tools: string[];
  /** Topic tags (absent for placements recorded before the tag kind existed). */
  tags?: string[];
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

/**
 * The slug an article would end up with is one the article route refuses: stored, the article
 * would be listed on home, in the feed and the sitemap, yet answer 404. The import refuses it.
 */
export class UnroutableSlugError extends Error {
  constructor(readonly slug: string) {
    super(
      `slug "${slug}" is not a URL the site answers; expected lowercase letters, digits and single "-", at most ${MAX_SLUG_LENGTH} characters`,
    );
    this.name = 'UnroutableSlugError';
  }
}

export interface WriteOptions {
  /** The import's clock; stored as created_at (new) and updated_at (changed). */
  now: Date;
  /** Compute the result without writing anything (import --dry-run). */
  dryRun?: boolean;
}

/**
 * The slugs an article may end up with: the one it asks for and the collision fallback. Fetch
 * their owners (findSlugOwners) before planning.
 */
export function candidateSlugs(input: ArticleInput): string[] {
  const wanted = input.slug ?? slugify(input.title);
  return input.slug === null ? [wanted, collisionSlug(wanted, input.sourceId)] : [wanted];
}

/** Who owns a slug now: a source id, or undefined when it is free. */
export type SlugOwner = (slug: string) => string | undefined;

function resolveSlug(
  input: ArticleInput,
  existing: ExistingArticle | null,
  ownerOf: SlugOwner,
): string {
  const wanted = input.slug ?? slugify(input.title);
  if (existing?.slug === wanted) {
    return wanted;
  }
  const owner = ownerOf(wanted);
  if (owner === undefined || owner === input.sourceId) {
    return wanted;
  }
  if (input.slug !== null) {
    // An editor chose this slug explicitly: silently renaming it would break their links.
    throw new SlugCollisionError(wanted, owner);
  }
  const fallback = collisionSlug(wanted, input.sourceId);
  const fallbackOwner = ownerOf(fallback);
  if (fallbackOwner !== undefined && fallbackOwner !== input.sourceId) {
    throw new SlugCollisionError(fallback, fallbackOwner);
  }
  return fallback;
}

/** The rendered body to store: the parser's, or the alphanode sections through the same pipeline. */
function bodyOf(input: ArticleInput): ArticleBody {
  if (input.body) {
    return input.body;
  }
  const source = JSON.stringify(input.sections);
  return articleBody(
    'sections',
    source,
    renderSections(input.sections, { source: input.sourceId }),
  );
}

/** Splits text into pieces of at most `size` characters, never between a surrogate pair. */
function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + size);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) {
      end--;
    }
    out.push(text.slice(start, end));
    start = end;
  }
  return out;
}

type BodyText = 'html' | 'toc' | 'text' | 'source' | 'links' | 'images';

/**
 * The body row. A long body (a big post's source and HTML pass 300 KB) is inserted empty and
 * appended to in pieces, so no statement carries more text than D1 takes in one statement once
 * its values are inlined for a remote import.
 */
function bodyStatements(db: Db, articleId: SQL, body: ArticleBody): BatchItem<'sqlite'>[] {
  const texts: Record<BodyText, string> = {
    html: body.html,
    toc: JSON.stringify(body.toc),
    text: body.text,
    source: body.source,
    links: JSON.stringify(body.links),
    images: JSON.stringify(body.images),
  };
  const total = Object.values(texts).reduce((sum, t) => sum + t.length, 0);
  const small = total <= MAX_TEXT_CHARS_PER_INSERT;
  const row = { articleId, renderVersion: body.renderVersion, format: body.format };
  const empty = { html: '', toc: '', text: '', source: '', links: '', images: '' };
  const statements: BatchItem<'sqlite'>[] = [
    db.insert(articleBodies).values({ ...row, ...(small ? texts : empty) }),
  ];
  if (small) {
    return statements;
  }
  for (const column of Object.keys(texts) as BodyText[]) {
    for (const piece of pieces(texts[column], MAX_TEXT_CHARS_PER_INSERT)) {
      statements.push(
        db
          .update(articleBodies)
          .set({ [column]: sql`${articleBodies[column]} || ${piece}` })
          .where(sql`${articleBodies.articleId} = ${articleId}`),
      );
    }
  }
  return statements;
}

function placementOf(input: ArticleInput, slug: string): ArticlePlacement {
  return {
    slug,
    difficulty: input.difficulty,
    stack: input.stack,
    tools: input.tools,
    tags: input.tags ?? [],
  };
}

export interface PlanContext {
  /** contentHash(input), computed once by the caller. */
  hash: string;
  existing: ExistingArticle | null;
  ownerOf: SlugOwner;
  now: Date;
}

export interface ArticleWritePlan {
  result: WriteResult;
  /** One atomic batch; empty when the article is unchanged. */
  statements: BatchItem<'sqlite'>[];
}

/**
 * Decides what writing `input` means and builds its batch, without touching the database.
 * Throws SlugCollisionError when the article cannot get a slug, UnroutableSlugError when the
 * slug it would get is not one the article route answers.
 *
 * @example
 * const plan = planArticleWrite(db, input, { hash, existing: null, ownerOf: () => undefined, now });
 * await db.batch(plan.statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
 */
export function planArticleWrite(
  db: Db,
  input: ArticleInput,
  { hash, existing, ownerOf, now: clock }: PlanContext,
): ArticleWritePlan {
  const before: ArticlePlacement | null = existing
    ? {
        slug: existing.slug,
        difficulty: existing.difficulty,
        stack: existing.stack,
        tools: existing.tools,
        tags: existing.tags,
      }
    : null;
  if (existing && before && existing.contentHash === hash) {
    return {
      result: {
        status: 'unchanged',
        id: existing.id,
        slug: existing.slug,
        statements: 0,
        before,
        after: before,
      },
      statements: [],
    };
  }

  const slug = resolveSlug(input, existing, ownerOf);
  if (!isPlausibleSlug(slug)) {
    // The last check before a row is planned: whatever made this slug (title, collision suffix,
    // folder prefix), the route must answer it.
    throw new UnroutableSlugError(slug);
  }
  const now = clock.toISOString();
  const createdAt = input.publishedAt ?? (existing ? undefined : now);
  // A changed article without an explicit lastmod was modified by this import, not at publication.
  const updatedAt = input.modifiedAt ?? (existing ? now : (input.publishedAt ?? now));
  const articleId: SQL = sql`(select id from ${articles} where source_id = ${input.sourceId})`;

  const row = {
    ...articleColumns(input),
    slug,
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
    for (const table of [
      articleBlocks,
      articleBodies,
      articleTags,
      articleEntities,
      articleListItems,
      redirects,
    ]) {
      statements.push(db.delete(table).where(eq(table.articleId, existing.id)));
    }
    statements.push(db.delete(articlesFts).where(eq(articlesFts.rowid, existing.id)));
  }

  const blocks = flattenBlocks(input.sections).map((b) => ({ ...b, articleId }));
  for (const chunk of chunkForParams(blocks, 5, (b) => b.text)) {
    statements.push(db.insert(articleBlocks).values(chunk));
  }
  statements.push(...bodyStatements(db, articleId, bodyOf(input)));
  const tags = [
    ...input.stack.map((name, position) => ({ articleId, kind: 'stack' as const, position, name })),
    ...input.tools.map((name, position) => ({ articleId, kind: 'tool' as const, position, name })),
    ...(input.tags ?? []).map((name, position) => ({
      articleId,
      kind: 'tag' as const,
      position,
      name,
    })),
  ];
  for (const chunk of chunkForParams(tags, 4, (t) => t.name)) {
    statements.push(db.insert(articleTags).values(chunk));
  }
  const oldUrls = (input.redirects ?? []).map((path) => ({ path, articleId }));
  for (const chunk of chunkForParams(oldUrls, 2, (r) => r.path)) {
    statements.push(db.insert(redirects).values(chunk));
  }
  const entities = input.entities.map((e, position) => ({ articleId, position, ...e }));
  for (const chunk of chunkForParams(entities, 4, (e) => e.name + e.type)) {
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
  for (const chunk of chunkForParams(items, 4, (i) => i.text)) {
    statements.push(db.insert(articleListItems).values(chunk));
  }
  // The search row is built from what this batch just stored rather than sent a second time:
  // the body is the rendered body's plain text (no code blocks, no URLs), and the tags every stack,
  // tool and tag name (the tag rows are inserted above, in this same batch). The statement stays
  // small however long the article is, which matters when it is inlined into a remote import file.
  statements.push(
    db.insert(articlesFts).select(
      db
        .select({
          rowid: articles.id,
          title: articles.title,
          summary: articles.summary,
          // Topic tags close the body, so a search for a tag finds its articles.
          body: sql<string>`coalesce((select ${articleBodies.text} from ${articleBodies} where ${articleBodies.articleId} = ${articles.id}), '') || coalesce((select char(10) || group_concat(${articleTags.name}, ' ') from ${articleTags} where ${articleTags.articleId} = ${articles.id} and ${articleTags.kind} = 'tag'), '')`.as(
            'body',
          ),
          tags: sql<string>`coalesce((select group_concat(${articleTags.name}, char(10) order by ${articleTags.kind}, ${articleTags.position}) from ${articleTags} where ${articleTags.articleId} = ${articles.id}), '')`.as(
            'tags',
          ),
        })
        .from(articles)
        .where(eq(articles.sourceId, input.sourceId)),
    ),
  );

  return {
    result: {
      status: existing ? 'updated' : 'created',
      id: existing?.id ?? 0,
      slug,
      statements: statements.length,
      before,
      after: placementOf(input, slug),
    },
    statements,
  };
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
  const existing = (await findExistingArticles(db, [input.sourceId])).get(input.sourceId) ?? null;
  const owners =
    existing?.contentHash === hash ? new Map() : await findSlugOwners(db, candidateSlugs(input));
  const { result, statements } = planArticleWrite(db, input, {
    hash,
    existing,
    ownerOf: (slug) => owners.get(slug),
    now: options.now,
  });
  if (options.dryRun || statements.length === 0) {
    return result;
  }
  await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  if (!existing) {
    const created = (await findExistingArticles(db, [input.sourceId])).get(input.sourceId);
    result.id = created?.id ?? 0;
  }
  return result;
}
