/**
 * The FTS5 table `articles_fts` (created by a hand-written migration, rebuilt with a tags column by
 * another), described for drizzle so it can
 * be written inside batches. It lives outside schema.ts on purpose: drizzle-kit cannot create
 * virtual tables, so the migration is hand-written and this file must not generate another.
 */
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const articlesFts = sqliteTable('articles_fts', {
  /** The article's id. */
  rowid: integer('rowid').notNull(),
  title: text('title').notNull(),
  summary: text('summary').notNull(),
  body: text('body').notNull(),
  /** Every tag name of the article (stack, tools), one per line: a tool's name finds its articles. */
  tags: text('tags').notNull(),
});
