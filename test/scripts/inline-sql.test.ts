import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { generateArticle } from '../../scripts/lib/generator.ts';
import {
  inlineStatement,
  renderSqlFile,
  StatementTooLongError,
  sqlLiteral,
} from '../../scripts/lib/inline-sql.ts';
import { contentHash } from '../../src/content/hash.ts';
import { planArticleWrite } from '../../src/db/article-writer.ts';
import { createDb } from '../../src/db/client.ts';
import { articleBlocks, articles } from '../../src/db/schema.ts';
import { toStatement } from '../../src/db/sql-statements.ts';

const db = createDb(env.DB);
const now = new Date('2026-11-01T00:00:00Z');

describe('sqlLiteral / inlineStatement', () => {
  it('writes values as literals that cannot close their quotes early', () => {
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(false)).toBe('0');
    expect(sqlLiteral(42)).toBe('42');
    expect(sqlLiteral(new Uint8Array([1, 255]))).toBe("X'01ff'");
    expect(sqlLiteral('a\u0001b')).toBe("CAST(X'610162' AS TEXT)");
    expect(() => sqlLiteral(Number.NaN)).toThrow(/cannot write NaN/);
    expect(() => sqlLiteral({})).toThrow(/cannot write a object/);
  });

  it('hides the words wrangler strips from --file imports', () => {
    expect(sqlLiteral('BEGIN TRANSACTION; x')).toMatch(/^CAST\(X'/);
    expect(sqlLiteral('then COMMIT;')).toMatch(/^CAST\(X'/);
  });

  it('fills placeholders in order and leaves quoted question marks alone', () => {
    expect(
      inlineStatement({ sql: `select ?, '?', "a?", [b?] where x = ?`, params: ['?', "'; drop"] }),
    ).toBe(`select '?', '?', "a?", [b?] where x = '''; drop'`);
    expect(() => inlineStatement({ sql: 'select ?', params: [] })).toThrow(/more placeholders/);
    expect(() => inlineStatement({ sql: 'select 1', params: [1] })).toThrow(/0 placeholders/);
  });
});

describe('renderSqlFile', () => {
  it('stores exactly what bound parameters would, for hostile text', async () => {
    const base = generateArticle(70, 1).input;
    const input = {
      ...base,
      sourceId: 'inline-sql-check',
      title: `It's "quoted"? BEGIN TRANSACTION; -- not a comment`,
      summary: "COMMIT; '); drop table articles; --",
      sections: [
        {
          heading: 'ünïcödé 🚀',
          blocks: [{ kind: 'code' as const, code: "x = '?'\n\ty = \u0007", language: 'py' }],
        },
      ],
    };
    const plan = planArticleWrite(db, input, {
      hash: await contentHash(input),
      existing: null,
      ownerOf: () => undefined,
      now,
    });
    const statements = plan.statements.map(toStatement);
    const file = renderSqlFile([statements]);
    expect(file.split(';\n').length).toBeGreaterThan(statements.length);
    // Run the inlined statements one by one, as D1 would run the file's statements.
    await env.DB.batch(statements.map((s) => env.DB.prepare(inlineStatement(s))));

    const row = await db
      .select()
      .from(articles)
      .where(eq(articles.sourceId, 'inline-sql-check'))
      .get();
    expect(row).toMatchObject({ title: input.title, summary: input.summary });
    const blocks = await db
      .select({ text: articleBlocks.text })
      .from(articleBlocks)
      .where(eq(articleBlocks.articleId, row?.id ?? 0))
      .all();
    expect(blocks.map((b) => b.text)).toEqual(['ünïcödé 🚀', "x = '?'\n\ty = \u0007"]);
    const tables = await env.DB.prepare(
      "select count(*) as n from sqlite_master where name = 'articles'",
    ).first();
    expect(tables).toEqual({ n: 1 });
  });

  it('splits long articles across statements, and refuses one D1 could not take', async () => {
    const base = generateArticle(71, 1).input;
    const paragraphs = Array.from({ length: 60 }, (_, i) => ({
      kind: 'paragraph' as const,
      text: `${i} ${'word '.repeat(400)}`,
    }));
    const long = { ...base, sections: [{ heading: null, blocks: paragraphs }] };
    const plan = planArticleWrite(db, long, {
      hash: 'h',
      existing: null,
      ownerOf: () => undefined,
      now,
    });
    expect(() => renderSqlFile([plan.statements.map(toStatement)])).not.toThrow();

    const huge = {
      ...base,
      sections: [
        { heading: null, blocks: [{ kind: 'paragraph' as const, text: 'x'.repeat(120_000) }] },
      ],
    };
    const hugePlan = planArticleWrite(db, huge, {
      hash: 'h',
      existing: null,
      ownerOf: () => undefined,
      now,
    });
    expect(() => renderSqlFile([hugePlan.statements.map(toStatement)])).toThrow(
      StatementTooLongError,
    );
  });
});
