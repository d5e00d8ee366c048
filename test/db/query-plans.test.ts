/**
 * Every statement a page runs must reach its tables through an index: a full `SCAN articles` (or
 * of any list table) would make each request slower as the corpus grows. An ordered scan of an
 * index (`SCAN articles USING INDEX ...`, which stops after one page), an FTS5 MATCH (`SCAN
 * articles_fts VIRTUAL TABLE INDEX ...`) and a scan of a subquery's own rows are fine.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { articlePageStatements } from '../../src/db/article-queries.ts';
import { createDb } from '../../src/db/client.ts';
import { toFtsQuery } from '../../src/db/fts-query.ts';
import { articlesProbe } from '../../src/db/health-probe.ts';
import {
  feedStatement,
  type ListingFilter,
  listingCountStatement,
  listingStatement,
  sitemapStatement,
} from '../../src/db/listing-queries.ts';
import { searchCountStatement, searchStatement } from '../../src/db/search-queries.ts';
import { staleArticleIds } from '../../src/db/similar-queries.ts';
import { type TopicKind, topicCountsStatement } from '../../src/db/topic-queries.ts';
import { articleVariant, writeAll } from '../fixtures/articles.ts';

const db = createDb(env.DB);

interface Explainable {
  toSQL(): { sql: string; params: unknown[] };
}

async function queryPlan(statement: Explainable): Promise<string[]> {
  const { sql, params } = statement.toSQL();
  const plan = await env.DB.prepare(`explain query plan ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return plan.results.map((row) => row.detail);
}

/** Full table scans: `SCAN <table>` with no index and not the FTS5 virtual table. */
function fullScans(plan: string[]): string[] {
  return plan.filter(
    (d) =>
      /^SCAN \w+/.test(d) && !/ USING (?:COVERING )?INDEX /.test(d) && !/ VIRTUAL TABLE /.test(d),
  );
}

const page = { page: 3, perPage: 20 };
const filters: ListingFilter[] = [
  { kind: 'latest' },
  { kind: 'stack', name: 'python' },
  { kind: 'tool', name: 'pytest' },
  { kind: 'difficulty', level: 'beginner' },
];

const statements: [string, Explainable][] = [
  ...articlePageStatements(db, 'some-slug').map(
    (s, i) => [`article page #${i}`, s] as [string, Explainable],
  ),
  ...filters.map(
    (f) => [`listing ${f.kind}`, listingStatement(db, f, page)] as [string, Explainable],
  ),
  ...filters.map(
    (f) => [`listing count ${f.kind}`, listingCountStatement(db, f)] as [string, Explainable],
  ),
  ...(['stack', 'tool', 'difficulty'] as TopicKind[]).map(
    (kind) => [`topic index ${kind}`, topicCountsStatement(db, kind)] as [string, Explainable],
  ),
  ['search', searchStatement(db, toFtsQuery('safer deploy') ?? '', page)],
  ['search count', searchCountStatement(db, toFtsQuery('safer deploy') ?? '')],
  ['sitemap', sitemapStatement(db)],
  ['feed', feedStatement(db, 20)],
  ['health probe of the articles table', articlesProbe(db)],
];

describe('query plans of page queries', () => {
  it('the plan checker recognises a full scan', async () => {
    const plan = await queryPlan({
      toSQL: () => ({ sql: 'select * from articles where title = ?', params: ['x'] }),
    });
    expect(fullScans(plan)).toEqual(['SCAN articles']);
    const tags = await queryPlan({
      toSQL: () => ({ sql: 'select * from article_tags where name = ?', params: ['x'] }),
    });
    expect(fullScans(tags)).toEqual(['SCAN article_tags']);
  });

  it.each(statements)('%s reads every table through an index', async (_name, statement) => {
    // Some rows so the planner sees real tables, as it would in production.
    await writeAll(
      db,
      [1, 2, 3].map((n) => articleVariant(n)),
    );
    const plan = await queryPlan(statement);
    expect(plan.length).toBeGreaterThan(0);
    expect(fullScans(plan), plan.join('\n')).toEqual([]);
  });
});

describe('query plan of the similar job', () => {
  it('finds stale features through a covering index, not the articles rows', async () => {
    await writeAll(
      db,
      [1, 2, 3].map((n) => articleVariant(n)),
    );
    const plan = await queryPlan(staleArticleIds(db, 0, 400));
    expect(plan.join('\n')).toContain('COVERING INDEX articles_id_hash_idx');
    expect(fullScans(plan)).toEqual([]);
  });
});
