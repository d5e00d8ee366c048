-- Full-text search over title, summary and body. rowid is the article id; the article writer keeps
-- this table in step with articles in the same batch (a trigger cannot see the body, which lives
-- in article_blocks). Porter stemming so "deploy" finds "deployment".
CREATE VIRTUAL TABLE `articles_fts` USING fts5(`title`, `summary`, `body`, tokenize = 'porter unicode61');
