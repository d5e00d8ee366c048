/**
 * Article listings (home, stack, tools, tags, difficulty), the feed and the sitemap. Each is one D1
 * round trip: a listing sends its page and its count as one batch, so "Page N of M" costs no
 * second call; both statements are answered from indexes.
 */
import { and, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { ArticleSummary, Paged, SitemapEntry } from '../content/types.ts';
import type { Db } from './client.ts';
import { articles, articleTags } from './schema.ts';
import { articleSummaryColumns, toArticleSummary } from './summary-columns.ts';

export type ListingFilter =
  | { kind: 'latest' }
  | { kind: 'stack'; name: string }
  | { kind: 'tool'; name: string }
  | { kind: 'tag'; name: string }
  | { kind: 'difficulty'; level: string };

export interface PageRequest {
  /** 1-based. */
  page: number;
  perPage: number;
}

/** The sitemap protocol's limit on URLs per file. */
export const SITEMAP_MAX_URLS = 50_000;

function filterCondition(db: Db, filter: ListingFilter): SQL | undefined {
  switch (filter.kind) {
    case 'latest':
      return undefined;
    case 'difficulty':
      return eq(articles.difficulty, filter.level);
    case 'stack':
    case 'tool':
    case 'tag':
      // article_tags_name_idx (kind, name, article_id) answers this without touching articles.
      return inArray(
        articles.id,
        db
          .select({ id: articleTags.articleId })
          .from(articleTags)
          .where(and(eq(articleTags.kind, filter.kind), eq(articleTags.name, filter.name))),
      );
  }
}

/** The listing's statement, newest first. Exported for the query-plan test. */
export function listingStatement(db: Db, filter: ListingFilter, request: PageRequest) {
  return db
    .select(articleSummaryColumns)
    .from(articles)
    .where(filterCondition(db, filter))
    .orderBy(desc(articles.createdAt), desc(articles.id))
    .limit(request.perPage + 1)
    .offset((request.page - 1) * request.perPage);
}

/** How many articles match `filter`. Exported for the query-plan test. */
export function listingCountStatement(db: Db, filter: ListingFilter) {
  return db.select({ total: count() }).from(articles).where(filterCondition(db, filter));
}

/**
 * One page of articles matching `filter`, newest first, with the total the filter matches.
 *
 * @example
 * const page = await listArticles(db, { kind: 'stack', name: 'python' }, { page: 2, perPage: 20 });
 * // page.items.length <= 20, page.total articles in all, page.hasNext for /stack/python?page=3
 */
export async function listArticles(
  db: Db,
  filter: ListingFilter,
  request: PageRequest,
): Promise<Paged<ArticleSummary>> {
  const [rows, [counted]] = await db.batch([
    listingStatement(db, filter, request),
    listingCountStatement(db, filter),
  ]);
  return {
    items: rows.slice(0, request.perPage).map(toArticleSummary),
    page: request.page,
    perPage: request.perPage,
    hasNext: rows.length > request.perPage,
    total: counted?.total ?? 0,
  };
}

/**
 * The feed's statement: the newest indexable articles, so the feed offers exactly the articles
 * the sitemap does (unreviewed, noindex ones appear in neither).
 */
export function feedStatement(db: Db, size: number) {
  return db
    .select(articleSummaryColumns)
    .from(articles)
    .where(eq(articles.indexable, true))
    .orderBy(desc(articles.createdAt), desc(articles.id))
    .limit(size);
}

/**
 * The `size` newest indexable articles, for the RSS feed.
 *
 * @example
 * const items = await listFeedArticles(db, 20); // newest first, indexable only
 */
export async function listFeedArticles(db: Db, size: number): Promise<ArticleSummary[]> {
  return (await feedStatement(db, size)).map(toArticleSummary);
}

/** The sitemap's statement: indexable articles only, read from the covering indexable index. */
export function sitemapStatement(db: Db) {
  return db
    .select({ slug: articles.slug, updatedAt: articles.updatedAt })
    .from(articles)
    .where(eq(articles.indexable, true))
    .orderBy(desc(articles.updatedAt))
    .limit(SITEMAP_MAX_URLS);
}

/**
 * Every indexable article's slug and last content change, most recently changed first.
 *
 * @example
 * const entries = await listSitemapEntries(db); // [{ slug: 'my-post', updatedAt: '2026-...' }]
 */
export async function listSitemapEntries(db: Db): Promise<SitemapEntry[]> {
  return await sitemapStatement(db);
}
