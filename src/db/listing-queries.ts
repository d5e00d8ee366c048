/**
 * Article listings (home, stack, tools, tags, difficulty), the feed and the sitemap. Each is one
 * statement: one D1 round trip. Listings fetch one row more than a page holds to learn whether a
 * next page exists, instead of counting.
 */
import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
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

/**
 * One page of articles matching `filter`, newest first.
 *
 * @example
 * const page = await listArticles(db, { kind: 'stack', name: 'python' }, { page: 2, perPage: 20 });
 * // page.items.length <= 20, page.hasNext tells whether /stack/python?page=3 has anything
 */
export async function listArticles(
  db: Db,
  filter: ListingFilter,
  request: PageRequest,
): Promise<Paged<ArticleSummary>> {
  const rows = await listingStatement(db, filter, request);
  return {
    items: rows.slice(0, request.perPage).map(toArticleSummary),
    page: request.page,
    perPage: request.perPage,
    hasNext: rows.length > request.perPage,
  };
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
