import { env } from 'cloudflare:workers';
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { generateArticle } from '../../scripts/lib/generator.ts';
import { formatAlphanode } from '../../src/content/alphanode-format.ts';
import { collisionSlug, slugify } from '../../src/content/slug.ts';
import { createDb } from '../../src/db/client.ts';
import { articles, articleTags } from '../../src/db/schema.ts';
import { formatOutcome } from '../../src/import/report.ts';
import { type FileOutcome, importDocuments } from '../../src/import/run-import.ts';
import { countD1Calls } from '../../src/observe/d1-counter.ts';
import rollouts from '../fixtures/markdown/safe-rollouts.md?raw';
import { doc } from './documents.ts';

const now = new Date('2026-11-01T12:00:00Z');

async function run(documents: ReturnType<typeof doc>[], options: { chunkSize?: number } = {}) {
  const usage = { calls: 0, durationMs: 0 };
  const db = createDb(countD1Calls(env.DB, usage));
  const outcomes: FileOutcome[] = [];
  const summary = await importDocuments(db, documents, {
    now,
    ...options,
    onFile: (o) => outcomes.push(o),
  });
  return { summary, outcomes, usage, lines: outcomes.flatMap((o) => formatOutcome(o, false)) };
}

const db = createDb(env.DB);

function corpus(from: number, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const { text, input } = generateArticle(from + i, 5);
    return { input, doc: doc(`gen/${input.sourceId}.txt`, text) };
  });
}

describe('import: idempotent, keyed by source id with a content hash', () => {
  it('creates everything once, then a re-run reports all unchanged and writes 0 rows', async () => {
    const files = [...corpus(0, 25).map((c) => c.doc), doc('posts/safe-rollouts.md', rollouts)];
    const first = await run(files, { chunkSize: 10 });
    expect(first.summary).toMatchObject({ created: 26, updated: 0, unchanged: 0, rejected: 0 });
    expect(first.summary.rowsWritten).toBeGreaterThan(26 * 10);

    const again = await run(files, { chunkSize: 10 });
    expect(again.summary).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 26,
      rejected: 0,
      rowsWritten: 0,
      changes: [],
    });
    // One read per chunk of 10 and nothing else: no batch, no write was sent to D1.
    expect(again.usage.calls).toBe(3);
    expect(again.lines[0]).toBe(`unchanged    ${files[0]?.path}`);
  });

  it('updates a changed article in place, replacing its lists and its search row', async () => {
    const [entry] = corpus(100, 1);
    if (!entry) {
      throw new Error('no article');
    }
    await run([entry.doc]);
    const before = await db
      .select()
      .from(articles)
      .where(eq(articles.sourceId, entry.input.sourceId))
      .get();

    const changed = {
      ...entry.input,
      tools: ['zeppelin-tool'],
      sections: [
        {
          heading: 'only section',
          blocks: [{ kind: 'paragraph' as const, text: 'xylophone rollout.' }],
        },
      ],
    };
    const { summary, outcomes } = await run([doc(entry.doc.path, formatAlphanode(changed))]);
    expect(summary).toMatchObject({ updated: 1, created: 0 });
    expect(summary.changes).toEqual([
      {
        before: expect.objectContaining({ tools: entry.input.tools }),
        after: expect.objectContaining({ tools: ['zeppelin-tool'] }),
      },
    ]);
    expect(outcomes[0]).toMatchObject({ status: 'updated', sourceId: entry.input.sourceId });

    const after = await db
      .select()
      .from(articles)
      .where(eq(articles.sourceId, entry.input.sourceId))
      .get();
    expect(after?.id).toBe(before?.id);
    expect(after?.createdAt).toBe(before?.createdAt);
    const tags = await db
      .select()
      .from(articleTags)
      .where(eq(articleTags.articleId, after?.id ?? 0))
      .all();
    expect(tags.filter((t) => t.kind === 'tool').map((t) => t.name)).toEqual(['zeppelin-tool']);
    const hits = await env.DB.prepare(
      "select rowid, body from articles_fts where articles_fts match 'xylophone'",
    ).all<{ rowid: number; body: string }>();
    expect(hits.results).toEqual([
      { rowid: after?.id, body: 'only section\n\nxylophone rollout.' },
    ]);
  });

  it('gives the second of two same-titled new articles in one run the collision slug', async () => {
    const a = generateArticle(200, 5);
    const b = { ...generateArticle(201, 5).input, title: a.input.title };
    const { lines } = await run([doc('a.txt', a.text), doc('b.txt', formatAlphanode(b))]);
    const slug = slugify(a.input.title);
    expect(lines).toEqual([
      `created      a.txt → /posts/${slug}`,
      `created      b.txt → /posts/${collisionSlug(slug, b.sourceId)}`,
    ]);
  });

  it('lets a new article take a slug that an earlier article of the same run gives up', async () => {
    const a = generateArticle(300, 5);
    await run([doc('a.txt', a.text)]);
    const renamed = { ...a.input, title: `${a.input.title} revisited` };
    const newcomer = { ...generateArticle(301, 5).input, title: a.input.title };
    const { lines } = await run([
      doc('a.txt', formatAlphanode(renamed)),
      doc('c.txt', formatAlphanode(newcomer)),
    ]);
    const old = slugify(a.input.title);
    expect(lines).toEqual([
      `updated      a.txt → /posts/${slugify(renamed.title)} (was /posts/${old})`,
      `created      c.txt → /posts/${old}`,
    ]);
    const rows = await db
      .select({ sourceId: articles.sourceId, slug: articles.slug })
      .from(articles)
      .where(inArray(articles.sourceId, [a.input.sourceId, newcomer.sourceId]))
      .orderBy(articles.sourceId)
      .all();
    expect(rows).toEqual([
      { sourceId: a.input.sourceId, slug: slugify(renamed.title) },
      { sourceId: newcomer.sourceId, slug: old },
    ]);
  });

  it('indexes the rendered body for search as plain text: no URLs, no raw HTML, no code', async () => {
    const { outcomes } = await run([
      doc('posts/safe-rollouts.md', rollouts.replace('safer-rollouts-fastapi', 'fts-check')),
    ]);
    const id = (
      await db
        .select({ id: articles.id })
        .from(articles)
        .where(eq(articles.sourceId, 'md:fts-check'))
        .get()
    )?.id;
    const row = await env.DB.prepare('select title, body from articles_fts where rowid = ?')
      .bind(id)
      .first<{ title: string; body: string }>();
    expect(outcomes[0]?.status).toBe('created');
    expect(row?.title).toBe('Safer rollouts for FastAPI services');
    expect(row?.body.split('\n\n').slice(0, 3)).toEqual([
      'Shipping is easy; shipping safely takes a checklist. See the FastAPI docs and our notes.',
      'Raw HTML stays text: and .',
      expect.stringMatching(/^a block of raw HTML\nMeasure first\nresponse time\nerror rate\n/),
    ]);
    expect(row?.body).not.toContain('healthz');
  });
});
