-- Search also matches an article's stack and tools (and any tag kind added later), so a search for
-- a tool's name finds the articles that use it. An FTS5 table cannot gain a column, so it is
-- rebuilt here from what articles, article_bodies and article_tags already hold, the way the
-- article writer fills it (src/db/article-writer.ts).
DROP TABLE `articles_fts`;--> statement-breakpoint
CREATE VIRTUAL TABLE `articles_fts` USING fts5(`title`, `summary`, `body`, `tags`, tokenize = 'porter unicode61');--> statement-breakpoint
INSERT INTO `articles_fts` (`rowid`, `title`, `summary`, `body`, `tags`)
SELECT
  a.`id`,
  a.`title`,
  a.`summary`,
  coalesce((SELECT b.`text` FROM `article_bodies` b WHERE b.`article_id` = a.`id`), ''),
  coalesce((SELECT group_concat(t.`name`, char(10) ORDER BY t.`kind`, t.`position`) FROM `article_tags` t WHERE t.`article_id` = a.`id`), '')
FROM `articles` a;
