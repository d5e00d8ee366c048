/**
 * Full-text search over title, summary, body and tag names (stack, tools) with SQLite FTS5: bm25
 * ranking (title weighs most), plus a highlighted title, a snippet and the total match count. Matches are delimited with private-use
 * characters rather than HTML tags, and split into plain-text spans here, so the page renders
 * <mark> through JSX and nothing from the database is ever treated as markup.
 */
import { count, desc, eq, sql } from 'drizzle-orm';
import type { MarkedSpan, Paged, SearchHit } from '../content/types.ts';
import type { Db } from './client.ts';
import { toFtsQuery } from './fts-query.ts';
import type { PageRequest } from './listing-queries.ts';
import { articles } from './schema.ts';
import { articlesFts } from './search-index.ts';
import { articleSummaryColumns, toArticleSummary } from './summary-columns.ts';

const OPEN = '\uE000';
const CLOSE = '\uE001';
/** Words of context the snippet shows around the match (FTS5 allows at most 64). */
const SNIPPET_TOKENS = 24;

/**
 * Splits FTS5 highlight()/snippet() output into marked and unmarked spans.
 *
 * @example
 * markedSpans('a \uE000deploy\uE001 step') // [{ text: 'a ', marked: false }, { text: 'deploy', marked: true }, { text: ' step', marked: false }]
 */
export function markedSpans(value: string): MarkedSpan[] {
  const spans: MarkedSpan[] = [];
  let marked = false;
  for (const part of value.split(/([\uE000\uE001])/)) {
    if (part === OPEN) {
      marked = true;
    } else if (part === CLOSE) {
      marked = false;
    } else if (part.length > 0) {
      spans.push({ text: part, marked });
    }
  }
  return spans;
}

/** The search statement for an already sanitized FTS5 query. Exported for the query-plan test. */
export function searchStatement(db: Db, ftsQuery: string, request: PageRequest) {
  return (
    db
      .select({
        ...articleSummaryColumns,
        markedTitle: sql<string>`highlight(articles_fts, 0, ${OPEN}, ${CLOSE})`,
        snippet: sql<string>`snippet(articles_fts, -1, ${OPEN}, ${CLOSE}, '…', ${SNIPPET_TOKENS})`,
      })
      .from(articlesFts)
      .innerJoin(articles, eq(articles.id, articlesFts.rowid))
      .where(sql`articles_fts match ${ftsQuery}`)
      // bm25 is lower for better matches; title hits weigh 10, a tag name 5, summary 4, body 1.
      .orderBy(sql`bm25(articles_fts, 10.0, 4.0, 1.0, 5.0)`, desc(articles.createdAt))
      .limit(request.perPage + 1)
      .offset((request.page - 1) * request.perPage)
  );
}

/** How many articles match an already sanitized FTS5 query. */
export function searchCountStatement(db: Db, ftsQuery: string) {
  return db.select({ total: count() }).from(articlesFts).where(sql`articles_fts match ${ftsQuery}`);
}

/**
 * Articles matching the words of `query`, best first. Any input is safe: operators and quotes are
 * reduced to plain words. Input with no words at all gives null, without a D1 call.
 *
 * @example
 * const hits = await searchArticles(db, 'safer deploy', { page: 1, perPage: 20 });
 */
export async function searchArticles(
  db: Db,
  query: string,
  request: PageRequest,
): Promise<Paged<SearchHit> | null> {
  const ftsQuery = toFtsQuery(query);
  if (ftsQuery === null) {
    return null;
  }
  // One round trip: the page and the total travel as one batch.
  const [rows, [counted]] = await db.batch([
    searchStatement(db, ftsQuery, request),
    searchCountStatement(db, ftsQuery),
  ]);
  return {
    items: rows.slice(0, request.perPage).map(({ markedTitle, snippet, ...summary }) => ({
      article: toArticleSummary(summary),
      title: markedSpans(markedTitle),
      snippet: markedSpans(snippet),
    })),
    page: request.page,
    perPage: request.perPage,
    hasNext: rows.length > request.perPage,
    total: counted?.total ?? 0,
  };
}
