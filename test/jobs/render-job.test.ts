/**
 * The render job, through the Worker's scheduled(): bodies stored by an older pipeline version
 * are rendered again from their stored source and link maps; only those whose output changed
 * are written (and their search rows and pages follow); a second tick does nothing.
 */
import { env } from 'cloudflare:workers';
import { asc, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/content/markdown.ts';
import { RENDER_VERSION } from '../../src/content/render/index.ts';
import type { ArticleInput } from '../../src/content/types.ts';
import { articleBodies, siteState } from '../../src/db/schema.ts';
import { articleVariant } from '../fixtures/articles.ts';
import { db, lastRun, SIMILAR_CRON, store, tick } from './helpers.ts';

function markdown(slug: string, body: string): ArticleInput {
  const parsed = parseMarkdown(
    `---\ntitle: ${slug}\nslug: ${slug}\ndate: 2024-01-01\n---\n${body}`,
    `${slug}.md`,
  );
  if (!parsed.ok) {
    throw new Error(JSON.stringify(parsed.errors));
  }
  return parsed.article;
}

async function bodies() {
  return db.select().from(articleBodies).orderBy(asc(articleBodies.articleId)).all();
}

describe('the render job', () => {
  it('re-renders stale bodies from their stored source, writing only the changed ones', async () => {
    const linked = markdown(
      'linked',
      'See [the other post](../other.md).\n\n## One\n\n## Two\n\n## Three',
    );
    // The import resolved the link; the job must replay that without the importer.
    const resolved: ArticleInput = {
      ...linked,
      body: linked.body && {
        ...linked.body,
        links: { '../other.md': '/posts/other' },
        html: linked.body.html.replace('href="../other.md"', 'href="/posts/other"'),
      },
    };
    const ids = await store([resolved, markdown('plain', 'Just *text*.'), articleVariant(1)]);
    const fresh = await bodies();
    expect(fresh.every((b) => b.renderVersion === RENDER_VERSION)).toBe(true);

    // As if an older pipeline had stored them: version 0, and for two of them an older output.
    const linkedId = ids.get(resolved.sourceId) ?? -1;
    const alphanodeId = ids.get(articleVariant(1).sourceId) ?? -1;
    await db.update(articleBodies).set({ renderVersion: 0 });
    await db
      .update(articleBodies)
      .set({ html: '<p>old</p>', text: 'old words' })
      .where(inArray(articleBodies.articleId, [linkedId, alphanodeId]));
    await env.DB.prepare("update articles_fts set body = 'old words'").run();
    const generationsBefore = await db.select().from(siteState).all();

    await tick(SIMILAR_CRON, '2026-04-26T10:00:00Z');

    const after = await bodies();
    expect(after).toEqual(fresh);
    const run = await lastRun('render');
    expect(run).toMatchObject({ status: 'success', processed: 3, rowsWritten: 2 * 2 + 1 });
    const linkedBody = after.find((b) => b.articleId === linkedId);
    expect(linkedBody?.html).toContain('<a href="/posts/other">the other post</a>');
    // Search rows follow the changed bodies; the unchanged body's row was not rewritten (it still
    // holds the words this test put there).
    const fts = await env.DB.prepare('select rowid, body from articles_fts where body = ?')
      .bind('old words')
      .all();
    expect(fts.results).toEqual([{ rowid: ids.get('md:plain'), body: 'old words' }]);
    // The changed pages were invalidated: their content generation moved.
    const generationsAfter = await db.select().from(siteState).all();
    expect(generationsAfter).not.toEqual(generationsBefore);

    // Nothing is stale any more: the next tick reads and writes no body.
    await tick(SIMILAR_CRON, '2026-04-26T10:30:00Z');
    expect(await lastRun('render')).toMatchObject({
      status: 'success',
      processed: 0,
      rowsWritten: 0,
    });
    expect(await bodies()).toEqual(fresh);
  });

  it('fails with the article named when a stored source cannot be rendered', async () => {
    const [id] = [...(await store([articleVariant(5)])).values()];
    await db
      .update(articleBodies)
      .set({ renderVersion: 0, format: 'sections', source: '{not json' })
      .where(eq(articleBodies.articleId, id ?? -1));
    await expect(tick(SIMILAR_CRON, '2026-04-26T11:00:00Z')).rejects.toThrow(
      /render run \d+: RenderInputError: article \d+ \(/,
    );
    expect(await lastRun('render')).toMatchObject({ status: 'failed' });
  });
});
