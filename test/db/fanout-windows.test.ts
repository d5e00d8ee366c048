/**
 * The fan-out's window reads (fanout-queries.ts windowStatement): a sampled window of a term's
 * stored posting list, read by a range seek on the primary key (term_id, article_id) from a pivot
 * article id and wrapping to the lowest ids, is the window Ranker.walk visits in memory
 * (windowStart), and it reads about as many rows as it returns wherever the window lies, where
 * `limit ? offset ?` stepped over every posting before it.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.ts';
import { postingInserts, readWindows, windowStatement } from '../../src/db/fanout-queries.ts';
import { D1_MAX_BOUND_PARAMETERS } from '../../src/db/limits.ts';
import { windowStart } from '../../src/jobs/similarity-rank.ts';
import { articleVariant, writeAll } from '../fixtures/articles.ts';

const db = createDb(env.DB);

/** Term 1: every article 1..40; term 2: a short list; term 3: one posting. */
const LISTS: Record<number, number[]> = {
  1: Array.from({ length: 40 }, (_, i) => i + 1),
  2: [2, 3, 5, 8, 13, 21, 34],
  3: [17],
};

/** What Ranker.walk visits of `ids` for this pivot and length. */
function inMemory(ids: number[], pivot: number, count: number): number[] {
  const start = windowStart(ids.length, (p) => ids[p] ?? 0, pivot);
  return Array.from({ length: count }, (_, k) => ids[(start + k) % ids.length] ?? 0);
}

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

beforeAll(async () => {
  await writeAll(
    db,
    Array.from({ length: 40 }, (_, i) => articleVariant(i + 1)),
  );
  const rows = Object.entries(LISTS).flatMap(([termId, ids]) =>
    ids.map((articleId) => ({ termId: Number(termId), articleId })),
  );
  await db.batch(postingInserts(db, rows) as [never, ...never[]]);
});

describe('fan-out window reads', () => {
  const cases: [string, number, number, number][] = [
    ['inside the list', 1, 12, 5],
    ['past the end of the list: wraps to the lowest ids', 1, 38, 6],
    ['past the last id: wraps at once', 2, 35, 3],
    ['before the first id', 2, 1, 4],
    ['between two ids, wrapping partway', 2, 22, 4],
    ['a whole list from id 0', 2, 0, 7],
    ['a list of one', 3, 30, 1],
  ];

  it.each(cases)('reads the in-memory window: pivot %s', async (_name, termId, pivot, count) => {
    const [window] = await readWindows(db, [{ termId, pivot, count }]);
    expect(sorted(window ?? [])).toEqual(sorted(inMemory(LISTS[termId] ?? [], pivot, count)));
  });

  it('reads about as many rows as it returns, even at the end of a long list', async () => {
    const run = async (sql: string, params: unknown[]) => {
      const result = await env.DB.prepare(sql)
        .bind(...params)
        .all();
      return result.meta.rows_read;
    };
    for (const [pivot, count] of [
      [35, 5],
      [38, 6],
    ] as const) {
      const { sql, params } = windowStatement(db, { termId: 1, pivot, count }).toSQL();
      // At most the one row past the list that ends the first range when the window wraps.
      expect(await run(sql, params)).toBeLessThanOrEqual(count + 1);
    }
    // What a position-addressed read of the first window stepped over (ranking version 3).
    expect(
      await run(
        'select article_id from similar_postings where term_id = ? order by article_id limit ? offset ?',
        [1, 5, 34],
      ),
    ).toBeGreaterThanOrEqual(34);
  });

  it('seeks through the primary key for both ranges, with no OFFSET and few parameters', async () => {
    const { sql, params } = windowStatement(db, { termId: 1, pivot: 20, count: 5 }).toSQL();
    expect(sql).not.toMatch(/offset/i);
    expect(params.length).toBeLessThanOrEqual(D1_MAX_BOUND_PARAMETERS);
    const plan = await env.DB.prepare(`explain query plan ${sql}`)
      .bind(...params)
      .all<{ detail: string }>();
    const postings = plan.results
      .map((r) => r.detail)
      .filter((d) => d.includes('similar_postings'));
    // similar_postings is a rowid table: its primary key is the automatic index on
    // (term_id, article_id), which covers the read.
    const seek = (op: string) =>
      `SEARCH similar_postings USING COVERING INDEX sqlite_autoindex_similar_postings_1 (term_id=? AND article_id${op}?)`;
    expect(postings, plan.results.map((r) => r.detail).join('\n')).toEqual([seek('>'), seek('<')]);
  });
});
