/**
 * migrations/0001_search_fts.sql creates `articles_fts` as an FTS5 virtual table (rowid = article
 * id). It is described here, outside schema.ts, so drizzle can insert into, delete from and select
 * from it with ordinary query builders: drizzle-kit reads schema.ts alone and would otherwise try to
 * create it as an ordinary table.
 *
 * Query builders matter for the article writer: drizzle 0.45's D1 batch() cannot run a raw
 * `db.run(sql\`...\`)` that has bound parameters (it looks for a prepared statement the raw query
 * does not have), while insert/delete builders batch fine.
 */
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const articlesFts = sqliteTable('articles_fts', {
  rowid: integer('rowid').notNull(),
  title: text('title').notNull(),
  summary: text('summary').notNull(),
  body: text('body').notNull(),
});
