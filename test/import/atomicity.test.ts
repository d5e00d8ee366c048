import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { generateArticle } from '../../scripts/lib/generator.ts';
import { formatAlphanode } from '../../src/content/alphanode-format.ts';
import { createDb } from '../../src/db/client.ts';
import { articleBlocks, articleListItems, articles, articleTags } from '../../src/db/schema.ts';
import { formatOutcome } from '../../src/import/report.ts';
import { type FileOutcome, importDocuments } from '../../src/import/run-import.ts';
import { doc } from './documents.ts';

const db = createDb(env.DB);
const MARK = 'explode inside the batch';

async function snapshot(sourceId: string) {
  const article = await db.select().from(articles).where(eq(articles.sourceId, sourceId)).get();
  const id = article?.id ?? 0;
  return {
    article,
    blocks: await db.select().from(articleBlocks).where(eq(articleBlocks.articleId, id)).all(),
    tags: await db.select().from(articleTags).where(eq(articleTags.articleId, id)).all(),
    items: await db.select().from(articleListItems).where(eq(articleListItems.articleId, id)).all(),
    search: await env.DB.prepare('select title, summary, body from articles_fts where rowid = ?')
      .bind(id)
      .first(),
  };
}

describe('import: each article is written atomically', () => {
  it('keeps the previous version whole when a statement fails in the middle of its batch', async () => {
    const v1 = generateArticle(40, 9);
    const other = generateArticle(41, 9);
    await importDocuments(db, [doc('a.txt', v1.text)], { now: new Date('2026-11-01T00:00:00Z') });
    const before = await snapshot(v1.input.sourceId);

    // A real failure inside the batch: the article row has been upserted and its old lists deleted
    // by the time the checklist insert aborts, so only a rollback can bring them back.
    await env.DB.prepare(
      `create trigger fail_marked before insert on article_list_items when new.text = '${MARK}' begin select raise(abort, 'forced failure inside the batch'); end`,
    ).run();
    const v2 = {
      ...v1.input,
      title: `${v1.input.title} second edition`,
      tools: ['only-one-tool'],
      checklist: ['first step', MARK],
    };
    const outcomes: FileOutcome[] = [];
    const summary = await importDocuments(
      db,
      [doc('a.txt', formatAlphanode(v2)), doc('b.txt', other.text)],
      { now: new Date('2026-11-02T00:00:00Z'), onFile: (o) => outcomes.push(o) },
    );
    await env.DB.prepare('drop trigger fail_marked').run();

    expect(summary).toMatchObject({ rejected: 1, created: 1 });
    expect(formatOutcome(outcomes[0] as FileOutcome, false)).toEqual([
      'rejected     a.txt  database: the write failed and was rolled back, the stored version is unchanged: forced failure inside the batch: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_TRIGGER)',
    ]);
    expect(await snapshot(v1.input.sourceId)).toEqual(before);
    expect(before.blocks.length).toBeGreaterThan(5);
    expect(before.search).toMatchObject({ title: v1.input.title });

    // Without the trigger the same file goes in, so it was the forced failure that stopped it.
    const retry = await importDocuments(db, [doc('a.txt', formatAlphanode(v2))], {
      now: new Date('2026-11-03T00:00:00Z'),
    });
    expect(retry).toMatchObject({ updated: 1, rejected: 0 });
    const after = await snapshot(v1.input.sourceId);
    expect(after.article?.title).toBe(v2.title);
    const checklist = after.items.filter((i) => i.list === 'checklist').map((i) => i.text);
    expect(checklist).toEqual(['first step', MARK]);
  });
});
