/**
 * The reads an import needs before it writes: which articles already exist (with their content
 * hash and where they are listed) and who owns a slug. Both take many keys at once, so an import
 * of thousands of files asks once per chunk instead of once per article.
 */
import { eq, inArray } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { batchAll, inChunks } from './chunks.ts';
import type { Db } from './client.ts';
import { articles, redirects } from './schema.ts';
import { tagNamesJson } from './summary-columns.ts';

export interface ExistingArticle {
  id: number;
  sourceId: string;
  slug: string;
  difficulty: string;
  contentHash: string;
  stack: string[];
  tools: string[];
  tags: string[];
}

/**
 * Runs one query per chunk of keys, all in a single round trip (a read-only batch).
 * `otherParameters` is how many parameters the query binds besides the keys.
 */
async function readInChunks<Row>(
  db: Db,
  keys: readonly string[],
  query: (chunk: string[]) => BatchItem<'sqlite'>,
  otherParameters = 0,
): Promise<Row[]> {
  const chunks = inChunks([...new Set(keys)], otherParameters);
  return (await batchAll<Row>(db, chunks.map(query))).flat();
}

/**
 * @example
 * const existing = await findExistingArticles(db, ['alphanode-000989']);
 * existing.get('alphanode-000989')?.contentHash
 */
export async function findExistingArticles(
  db: Db,
  sourceIds: readonly string[],
): Promise<Map<string, ExistingArticle>> {
  type Row = Omit<ExistingArticle, 'stack' | 'tools' | 'tags'> & {
    stack: string;
    tools: string;
    tags: string;
  };
  // Every selected column is aliased: a remote read through wrangler returns rows as objects,
  // and drizzle maps them back by position, so names must be distinct and stable.
  const rows = await readInChunks<Row>(
    db,
    sourceIds,
    (chunk) =>
      db
        .select({
          id: articles.id,
          sourceId: articles.sourceId,
          slug: articles.slug,
          difficulty: articles.difficulty,
          contentHash: articles.contentHash,
          stack: tagNamesJson('stack').as('stack_names'),
          tools: tagNamesJson('tool').as('tool_names'),
          tags: tagNamesJson('tag').as('topic_tag_names'),
        })
        .from(articles)
        .where(inArray(articles.sourceId, chunk)),
    // tagNamesJson binds its kind: three parameters besides the ids.
    3,
  );
  return new Map(
    rows.map((row) => [
      row.sourceId,
      {
        ...row,
        stack: JSON.parse(row.stack) as string[],
        tools: JSON.parse(row.tools) as string[],
        tags: JSON.parse(row.tags) as string[],
      },
    ]),
  );
}

/**
 * Maps each of `slugs` that is taken to the source id of the article that has it.
 *
 * @example
 * const owners = await findSlugOwners(db, ['my-post', 'my-post-000989']);
 * owners.get('my-post') // 'alphanode-000989' or undefined
 */
export async function findSlugOwners(
  db: Db,
  slugs: readonly string[],
): Promise<Map<string, string>> {
  const rows = await readInChunks<{ slug: string; sourceId: string }>(db, slugs, (chunk) =>
    db
      .select({ slug: articles.slug, sourceId: articles.sourceId })
      .from(articles)
      .where(inArray(articles.slug, chunk)),
  );
  return new Map(rows.map((row) => [row.slug, row.sourceId]));
}

/**
 * Maps each of `paths` that is already an old URL to the source id of the article it redirects to.
 *
 * @example
 * const owners = await findRedirectOwners(db, ['/2018/05/10/Rust-1.26']);
 * owners.get('/2018/05/10/Rust-1.26') // 'md:content/Rust-1.26.md' or undefined
 */
export async function findRedirectOwners(
  db: Db,
  paths: readonly string[],
): Promise<Map<string, string>> {
  const rows = await readInChunks<{ path: string; sourceId: string }>(db, paths, (chunk) =>
    db
      .select({ path: redirects.path, sourceId: articles.sourceId })
      .from(redirects)
      .innerJoin(articles, eq(articles.id, redirects.articleId))
      .where(inArray(redirects.path, chunk)),
  );
  return new Map(rows.map((row) => [row.path, row.sourceId]));
}
