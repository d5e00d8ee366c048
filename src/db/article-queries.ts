/**
 * Reads everything the article page shows in one D1 round trip: six statements in one batch, each
 * finding the article by slug on its own (through the unique slug index), so none has to wait for
 * another's result.
 */
import { asc, eq, type SQL, sql } from 'drizzle-orm';
import type { TocEntry } from '../content/render/index.ts';
import type { Article, ShownBody, SimilarLink } from '../content/types.ts';
import { articleOfRow } from './article-row.ts';
import type { Db } from './client.ts';
import {
  articleBodies,
  articleEntities,
  articleListItems,
  articles,
  articleTags,
  redirects,
  similarPosts,
} from './schema.ts';

export interface ArticlePageData {
  article: Article;
  /** Ordered by rank (most similar first); empty until the similar-posts job has run. */
  similar: SimilarLink[];
}

/** `(select id from articles where slug = ?)`: lets each statement of the batch stand alone. */
function idOfSlug(slug: string): SQL<number> {
  return sql<number>`(select ${articles.id} from ${articles} where ${articles.slug} = ${slug})`;
}

/**
 * The article page's statements, in the order getArticlePage reads them. Exported so the
 * query-plan test can EXPLAIN exactly what the page runs.
 */
export function articlePageStatements(db: Db, slug: string) {
  const id = idOfSlug(slug);
  return [
    db.select().from(articles).where(eq(articles.slug, slug)).limit(1),
    // The body as stored: HTML rendered at import, served as it is.
    db
      .select({ html: articleBodies.html, toc: articleBodies.toc })
      .from(articleBodies)
      .where(eq(articleBodies.articleId, id)),
    db
      .select({ kind: articleTags.kind, name: articleTags.name })
      .from(articleTags)
      .where(eq(articleTags.articleId, id))
      .orderBy(asc(articleTags.kind), asc(articleTags.position)),
    db
      .select({ name: articleEntities.name, type: articleEntities.type })
      .from(articleEntities)
      .where(eq(articleEntities.articleId, id))
      .orderBy(asc(articleEntities.position)),
    db
      .select({ list: articleListItems.list, text: articleListItems.text })
      .from(articleListItems)
      .where(eq(articleListItems.articleId, id))
      .orderBy(asc(articleListItems.list), asc(articleListItems.position)),
    db
      .select({
        slug: articles.slug,
        title: articles.title,
        rank: similarPosts.rank,
        score: similarPosts.score,
        reason: similarPosts.reason,
      })
      .from(similarPosts)
      .innerJoin(articles, eq(articles.id, similarPosts.similarArticleId))
      .where(eq(similarPosts.articleId, id))
      .orderBy(asc(similarPosts.rank)),
    // An old URL under /posts/ (a renamed article, a redirect stub): answered in the same round trip.
    db
      .select({ slug: articles.slug })
      .from(redirects)
      .innerJoin(articles, eq(articles.id, redirects.articleId))
      .where(eq(redirects.path, `/posts/${slug}`))
      .limit(1),
  ] as const;
}

function shownBody(row: { html: string; toc: string } | undefined): ShownBody {
  return row ? { html: row.html, toc: JSON.parse(row.toc) as TocEntry[] } : { html: '', toc: [] };
}

/**
 * The article with `slug` and its similar posts; `movedTo` when /posts/<slug> is an old URL of
 * another article; null when neither.
 * Exactly one D1 round trip.
 *
 * @example
 * const page = await getArticlePage(c.var.db, 'my-post');
 * if (!page) return c.notFound();
 */
export async function getArticlePage(db: Db, slug: string): Promise<ArticlePageData | null> {
  const page = await getArticlePageOrMove(db, slug);
  return page && 'movedTo' in page ? null : page;
}

/**
 * As getArticlePage, and when no article has `slug` but /posts/<slug> is an old URL of another
 * article, that article's slug (`movedTo`). Still one round trip.
 *
 * @example
 * const page = await getArticlePageOrMove(db, 'json-rpc'); // { movedTo: 'goroutine-leaks' }
 */
export async function getArticlePageOrMove(
  db: Db,
  slug: string,
): Promise<ArticlePageData | { movedTo: string } | null> {
  const [rows, bodies, tags, entities, items, similar, moved] = await db.batch(
    articlePageStatements(db, slug),
  );
  const row = rows[0];
  if (!row) {
    const target = moved[0]?.slug;
    return target === undefined ? null : { movedTo: target };
  }
  const article = articleOfRow(row, {
    body: shownBody(bodies[0]),
    stack: tags.filter((t) => t.kind === 'stack').map((t) => t.name),
    tools: tags.filter((t) => t.kind === 'tool').map((t) => t.name),
    tags: tags.filter((t) => t.kind === 'tag').map((t) => t.name),
    checklist: items.filter((i) => i.list === 'checklist').map((i) => i.text),
    notes: items.filter((i) => i.list === 'notes').map((i) => i.text),
    entities,
  });
  return { article, similar };
}
