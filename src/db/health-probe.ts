/**
 * The read /healthz makes of what pages read: the newest article's id, through the
 * (created_at, id) index the home page walks, so it costs one index seek however many articles
 * there are. It proves the articles table exists and answers; an empty table (a fresh site) is
 * healthy.
 */
import { desc } from 'drizzle-orm';
import type { Db } from './client.ts';
import { articles } from './schema.ts';

/**
 * The statement, for the query-plan test.
 *
 * @example
 * await articlesProbe(c.var.db); // throws when the articles table cannot be read
 */
export function articlesProbe(db: Db) {
  return db
    .select({ id: articles.id })
    .from(articles)
    .orderBy(desc(articles.createdAt), desc(articles.id))
    .limit(1);
}
