/**
 * Every article's similar-posts list in one JSON document, for editors and benchmarks to score
 * offline (`npm run similar:export`, `npm run bench:similar`):
 * {"articles": [{"slug", "source", "similar": ["<slug>", …]}]}, articles in id order, links in
 * rank order. Read a page of articles at a time (by id range), so 100,000 articles never sit in
 * one D1 result.
 */
import { and, asc, eq, gt, lte } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { MARKDOWN_ID_PREFIX } from '../../src/content/markdown.ts';
import type { Db } from '../../src/db/client.ts';
import { articles, similarPosts } from '../../src/db/schema.ts';

export interface ExportedArticle {
  slug: string;
  /** The path the importer read for a Markdown file; an alphanode export's source id. */
  source: string;
  /** Slugs of the similar articles, best first (empty when the article shows no block). */
  similar: string[];
}

export interface SimilarExport {
  articles: ExportedArticle[];
}

/** Articles read per round trip. */
const PAGE = 2_000;

/**
 * The source an article was imported from, as the importer named it: Markdown source ids are
 * the file's path behind a prefix (content/markdown.ts).
 *
 * @example
 * exportedSource('md:content/posts/hello.md'); // 'content/posts/hello.md'
 */
export function exportedSource(sourceId: string): string {
  return sourceId.startsWith(MARKDOWN_ID_PREFIX)
    ? sourceId.slice(MARKDOWN_ID_PREFIX.length)
    : sourceId;
}

export async function readSimilarExport(db: Db): Promise<SimilarExport> {
  const out: ExportedArticle[] = [];
  const target = alias(articles, 'target');
  let after = 0;
  for (;;) {
    const page = await db
      .select({ id: articles.id, slug: articles.slug, sourceId: articles.sourceId })
      .from(articles)
      .where(gt(articles.id, after))
      .orderBy(asc(articles.id))
      .limit(PAGE)
      .all();
    if (page.length === 0) {
      break;
    }
    const last = page[page.length - 1]?.id ?? after;
    const links = await db
      .select({ articleId: similarPosts.articleId, slug: target.slug })
      .from(similarPosts)
      .innerJoin(target, eq(target.id, similarPosts.similarArticleId))
      .where(and(gt(similarPosts.articleId, after), lte(similarPosts.articleId, last)))
      .orderBy(asc(similarPosts.articleId), asc(similarPosts.rank))
      .all();
    const lists = new Map<number, string[]>();
    for (const link of links) {
      const list = lists.get(link.articleId);
      if (list) {
        list.push(link.slug);
      } else {
        lists.set(link.articleId, [link.slug]);
      }
    }
    for (const row of page) {
      out.push({
        slug: row.slug,
        source: exportedSource(row.sourceId),
        similar: lists.get(row.id) ?? [],
      });
    }
    after = last;
    if (page.length < PAGE) {
      break;
    }
  }
  return { articles: out };
}
