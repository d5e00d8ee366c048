/**
 * The columns every article list selects (listings, search, feed), so they all show the same
 * fields and read them the same way. The stack list comes from a correlated subquery, which keeps
 * a listing at one statement and one D1 round trip.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { ArticleSummary } from '../content/types.ts';
import { articles } from './schema.ts';

/**
 * A JSON array of the article's tag names of `kind`, in their original order. The lookup is a
 * search on article_tags' primary key (article_id, kind, position), so it is ordered for free.
 *
 * @example
 * db.select({ stack: tagNamesJson('stack') }).from(articles) // stack: '["python","backend"]'
 */
export function tagNamesJson(kind: 'stack' | 'tool' | 'tag'): SQL<string> {
  // Written out with an alias rather than drizzle column references: in a single-table select
  // drizzle leaves columns unqualified, and `article_id = "id"` would then depend on SQLite
  // resolving "id" to the outer articles row only because article_tags has no id column.
  return sql<string>`(select json_group_array(name) from (select tags.name as name from article_tags as tags where tags.article_id = articles.id and tags.kind = ${kind} order by tags.position))`;
}

export const articleSummaryColumns = {
  id: articles.id,
  slug: articles.slug,
  title: articles.title,
  summary: articles.summary,
  readingTime: articles.readingTime,
  difficulty: articles.difficulty,
  createdAt: articles.createdAt,
  updatedAt: articles.updatedAt,
  // Named, because D1's batch answers rows as objects keyed by column name: two unnamed subqueries
  // that differ only in a bound parameter would share one key and shift every column after them.
  stack: tagNamesJson('stack').as('stack_names'),
  tags: tagNamesJson('tag').as('tag_names'),
};

type SummaryRow = Omit<ArticleSummary, 'stack' | 'tags'> & { stack: string; tags: string };

/** Turns a row selected with articleSummaryColumns into the domain type. */
export function toArticleSummary(row: SummaryRow): ArticleSummary {
  return {
    ...row,
    stack: JSON.parse(row.stack) as string[],
    tags: JSON.parse(row.tags) as string[],
  };
}
