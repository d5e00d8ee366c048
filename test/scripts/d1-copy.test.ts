import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  insertStatements,
  pageQuery,
  planCopy,
  ROWID_COLUMN,
  type SchemaRow,
  sqlLiteral,
} from '../../scripts/lib/d1-copy.ts';
import { generateArticle } from '../../scripts/lib/generator.ts';
import { parseAlphanode } from '../../src/content/alphanode.ts';
import { writeArticle } from '../../src/db/article-writer.ts';
import { createDb } from '../../src/db/client.ts';
import { jobRuns } from '../../src/db/schema.ts';
import seedText from '../fixtures/alphanode-000989.txt?raw';

const db = createDb(env.DB);

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await env.DB.prepare(sql).all<Record<string, unknown>>()).results;
}

async function snapshot(tables: string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    out[table] = await rows(`SELECT rowid AS r, * FROM "${table}" ORDER BY rowid`);
  }
  return out;
}

describe('d1:copy plan', () => {
  it('rebuilds an identical database from its schema and paged SELECTs', async () => {
    const seed = parseAlphanode(seedText);
    if (!seed.ok) {
      throw new Error('seed does not parse');
    }
    const now = new Date('2026-11-01T12:00:00Z');
    const seedWrite = await writeArticle(db, seed.article, { now });
    for (let i = 0; i < 3; i += 1) {
      await writeArticle(db, generateArticle(i, 7).input, { now });
    }
    await db.insert(jobRuns).values({
      job: 'freshness',
      trigger: 'cron',
      status: 'success',
      startedAt: '2026-11-01T12:00:00.000Z',
      finishedAt: '2026-11-01T12:00:03.000Z',
    });

    const plan = planCopy(
      (await rows(
        'SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid',
      )) as unknown as SchemaRow[],
    );
    const names = plan.tables.map((t) => t.name);
    // Parents before children, the FTS table copied but not its shadow tables.
    expect(names.indexOf('articles')).toBeLessThan(names.indexOf('article_blocks'));
    expect(names.indexOf('articles')).toBeLessThan(names.indexOf('similar_posts'));
    expect(plan.tables.find((t) => t.name === 'articles_fts')).toEqual({
      name: 'articles_fts',
      virtual: true,
    });
    expect(names.some((n) => n.startsWith('articles_fts_'))).toBe(false);
    expect(names).toContain('d1_migrations');

    const before = await snapshot(names);
    const inserts: string[] = [];
    for (const table of plan.tables) {
      // A tiny page size, so every table with data spans several pages.
      for (let after = 0; ; ) {
        const page = await rows(pageQuery(table.name, after, 7));
        if (page.length === 0) {
          break;
        }
        inserts.push(...insertStatements(table, page));
        after = Number(page[page.length - 1]?.[ROWID_COLUMN]);
      }
    }

    // This file's storage is its own: start over from nothing, as a fresh local copy would.
    for (const table of [...plan.tables].reverse()) {
      await env.DB.exec(`DROP TABLE "${table.name}"`);
    }
    await env.DB.batch(plan.schema.map((sql) => env.DB.prepare(sql)));
    await env.DB.batch(inserts.map((sql) => env.DB.prepare(sql)));

    expect(await snapshot(names)).toEqual(before);
    expect((before.articles ?? []).length).toBe(4);
    // The search index answers for the copied rows under the same article ids.
    const found = await rows(
      "SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH 'safer deployment' ORDER BY rank",
    );
    expect(found.map((r) => r.id)).toContain(seedWrite.id);
  });

  it('writes values as SQL literals that survive quotes, nulls and bytes', () => {
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(1.5)).toBe('1.5');
    expect(sqlLiteral([0, 255])).toBe("X'00ff'");
    expect(() => sqlLiteral({ a: 1 })).toThrow(/cannot copy/);
  });
});
