/**
 * What the render job reads and writes: stored bodies an older pipeline produced, and the new
 * HTML, TOC and plain text of those that changed (with their search row), or just the new
 * version for those that did not.
 */
import { and, asc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { BodySource, TocEntry } from '../content/render/index.ts';
import { inChunks } from './chunks.ts';
import type { Db } from './client.ts';
import { articleBodies, articles } from './schema.ts';
import { articlesFts } from './search-index.ts';

export interface StaleBody extends BodySource {
  id: number;
  slug: string;
  html: string;
  toc: string;
  text: string;
}

/** Up to `limit` bodies rendered before `version`, after `afterId`, in id order. */
export async function readStaleBodies(
  db: Db,
  version: number,
  afterId: number,
  limit: number,
): Promise<StaleBody[]> {
  const rows = await db
    .select({
      id: articleBodies.articleId,
      slug: articles.slug,
      html: articleBodies.html,
      toc: articleBodies.toc,
      text: articleBodies.text,
      format: articleBodies.format,
      source: articleBodies.source,
      links: articleBodies.links,
      images: articleBodies.images,
    })
    .from(articleBodies)
    .innerJoin(articles, eq(articles.id, articleBodies.articleId))
    .where(and(lt(articleBodies.renderVersion, version), gt(articleBodies.articleId, afterId)))
    .orderBy(asc(articleBodies.articleId))
    .limit(limit)
    .all();
  return rows.map((row) => ({
    ...row,
    links: JSON.parse(row.links) as Record<string, string>,
    images: JSON.parse(row.images) as BodySource['images'],
  }));
}

export interface RenderedUpdate {
  id: number;
  html: string;
  toc: TocEntry[];
  text: string;
}

/**
 * Statements storing new renders (and their search rows, whose body is the plain text), and
 * moving unchanged bodies to `version` (one UPDATE per 99 ids).
 */
export function renderUpdates(
  db: Db,
  version: number,
  changed: readonly RenderedUpdate[],
  unchanged: readonly number[],
): BatchItem<'sqlite'>[] {
  const statements: BatchItem<'sqlite'>[] = [];
  for (const body of changed) {
    statements.push(
      db
        .update(articleBodies)
        .set({
          html: body.html,
          toc: JSON.stringify(body.toc),
          text: body.text,
          renderVersion: version,
        })
        .where(eq(articleBodies.articleId, body.id)),
      db.update(articlesFts).set({ body: body.text }).where(eq(articlesFts.rowid, body.id)),
    );
  }
  // The version is the one parameter besides the ids.
  for (const chunk of inChunks(unchanged, 1)) {
    statements.push(
      db
        .update(articleBodies)
        .set({ renderVersion: sql`${version}` })
        .where(inArray(articleBodies.articleId, chunk)),
    );
  }
  return statements;
}
