/**
 * The topic indexes (/stack, /tools, /difficulty): every name of a kind with how many articles
 * carry it. One grouped statement per page, answered from a covering index (article_tags_name_idx
 * for tag kinds, articles_difficulty_created_idx for difficulty), so it never reads an article row.
 */
import { count, desc, eq, ne, type SQL } from 'drizzle-orm';
import type { Db } from './client.ts';
import { articles, articleTags } from './schema.ts';

/** The kinds stored in article_tags (stack, tool, and any kind the schema adds later). */
export type TagKind = (typeof articleTags.$inferSelect)['kind'];
/** Every kind of topic a reader can browse: the tag kinds and the difficulty column. */
export type TopicKind = TagKind | 'difficulty';

export interface TopicCount {
  name: string;
  /** Articles carrying the name: the total its listing shows. */
  articles: number;
}

/** The statement for `kind`'s topics, most articles first. Exported for the query-plan test. */
export function topicCountsStatement(db: Db, kind: TopicKind) {
  if (kind === 'difficulty') {
    const n: SQL<number> = count();
    return (
      db
        .select({ name: articles.difficulty, articles: n })
        .from(articles)
        // Imported posts that name no difficulty have none to browse by.
        .where(ne(articles.difficulty, ''))
        .groupBy(articles.difficulty)
        .orderBy(desc(n), articles.difficulty)
    );
  }
  const n: SQL<number> = count();
  return db
    .select({ name: articleTags.name, articles: n })
    .from(articleTags)
    .where(eq(articleTags.kind, kind))
    .groupBy(articleTags.name)
    .orderBy(desc(n), articleTags.name);
}

/**
 * Every topic of `kind` and its article count, most articles first, then by name.
 *
 * @example
 * await listTopics(db, 'tool') // [{ name: 'pytest', articles: 13 }, { name: 'docker', articles: 9 }, ...]
 */
export async function listTopics(db: Db, kind: TopicKind): Promise<TopicCount[]> {
  return await topicCountsStatement(db, kind);
}
