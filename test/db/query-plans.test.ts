/**
 * Every statement a page runs must reach articles through an index: a full `SCAN articles` would
 * make each request slower as the corpus grows. An ordered scan of an index (`SCAN articles USING
 * INDEX ...`, which stops after one page) is fine.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { articlePageStatements } from '../../src/db/article-queries.ts';
import { createDb } from '../../src/db/client.ts';
import { toFtsQuery } from '../../src/db/fts-query.ts';
import {
  type ListingFilter,
  listingStatement,
  sitemapStatement,
} from '../../src/db/listing-queries.ts';
import { searchStatement } from '../../src/db/search-queries.ts';
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

/** A full scan of the articles table; index scans and other tables' scans do not count. */
function fullArticleScans(plan: string[]): string[] {
  return plan.filter((d) => /^SCAN articles(?!_)(?! USING (?:COVERING )?INDEX)/.test(d));
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
  ['search', searchStatement(db, toFtsQuery('safer deploy') ?? '', page)],
  ['sitemap', sitemapStatement(db)],
];

describe('query plans of page queries', () => {
  it('the plan checker recognises a full scan', async () => {
    const plan = await queryPlan({
      toSQL: () => ({ sql: 'select * from articles where title = ?', params: ['x'] }),
    });
    expect(fullArticleScans(plan)).toEqual(['SCAN articles']);
  });

  it.each(statements)('%s uses an index on articles', async (_name, statement) => {
    // Some rows so the planner sees real tables, as it would in production.
    await writeAll(
      db,
      [1, 2, 3].map((n) => articleVariant(n)),
    );
    const plan = await queryPlan(statement);
    expect(plan.length).toBeGreaterThan(0);
    expect(fullArticleScans(plan), plan.join('\n')).toEqual([]);
  });
});
