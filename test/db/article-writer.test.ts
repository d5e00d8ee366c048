import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { generateArticle } from '../../scripts/lib/generator.ts';
import { parseAlphanode } from '../../src/content/alphanode.ts';
import type { ArticleInput } from '../../src/content/types.ts';
import { writeArticle } from '../../src/db/article-writer.ts';
import { createDb } from '../../src/db/client.ts';
import { articleBlocks, articles, articleTags } from '../../src/db/schema.ts';
import seedText from '../fixtures/alphanode-000989.txt?raw';

const db = createDb(env.DB);
const now = new Date('2026-11-01T12:00:00Z');

function seed(): ArticleInput {
  const result = parseAlphanode(seedText);
  if (!result.ok) {
    throw new Error('seed does not parse');
  }
  return result.article;
}

describe('writeArticle', () => {
  it('creates, then leaves an unchanged article alone, then updates in place', async () => {
    const first = await writeArticle(db, seed(), { now });
    expect(first).toMatchObject({
      status: 'created',
      slug: 'building-a-safer-workflow-for-building-safer-deployment-steps-with-python-services',
    });
    const again = await writeArticle(db, seed(), { now: new Date('2026-11-02T00:00:00Z') });
    expect(again).toMatchObject({ status: 'unchanged', id: first.id, statements: 0 });

    const changed = { ...seed(), summary: 'a new summary', tools: ['fastapi', 'pytest'] };
    const later = new Date('2026-11-03T00:00:00Z');
    const updated = await writeArticle(db, changed, { now: later });
    expect(updated).toMatchObject({ status: 'updated', id: first.id });
    expect(updated.before?.tools).toEqual(['fastapi', 'pytest', 'uvicorn', 'ruff', 'git', 'logs']);

    const row = await db.select().from(articles).where(eq(articles.id, first.id)).get();
    expect(row).toMatchObject({
      summary: 'a new summary',
      createdAt: now.toISOString(),
      updatedAt: later.toISOString(),
      indexable: false,
    });
    const tools = await db
      .select()
      .from(articleTags)
      .where(eq(articleTags.articleId, first.id))
      .all();
    expect(tools.filter((t) => t.kind === 'tool').map((t) => t.name)).toEqual([
      'fastapi',
      'pytest',
    ]);
  });

  it('keeps every insert within D1s 100 bound parameters, however long the article', async () => {
    const long = generateArticle(1, 1).input;
    long.sections = [
      {
        heading: 'long',
        blocks: Array.from({ length: 120 }, (_, i) => ({
          kind: 'paragraph' as const,
          text: `p${i}.`,
        })),
      },
    ];
    const result = await writeArticle(db, long, { now });
    const rows = await db
      .select()
      .from(articleBlocks)
      .where(eq(articleBlocks.articleId, result.id))
      .all();
    expect(rows).toHaveLength(121);
  });

  it('appends the source number when another article owns the title slug', async () => {
    const original = generateArticle(2, 1).input;
    const twin = { ...generateArticle(3, 1).input, title: original.title };
    const a = await writeArticle(db, original, { now });
    const b = await writeArticle(db, twin, { now });
    expect(b.slug).toBe(`${a.slug}-${twin.sourceId.replace(/\D/g, '')}`);
  });

  it('refuses an explicit slug that another article owns, writing nothing', async () => {
    const owner = await writeArticle(db, generateArticle(4, 1).input, { now });
    const other = { ...generateArticle(5, 1).input, slug: owner.slug };
    await expect(writeArticle(db, other, { now })).rejects.toThrow(/already belongs to article/);
    const stored = await db
      .select()
      .from(articles)
      .where(eq(articles.sourceId, other.sourceId))
      .get();
    expect(stored).toBeUndefined();
  });
});
