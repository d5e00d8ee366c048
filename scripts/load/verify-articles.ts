/**
 * After the load test: does the database hold exactly the articles the generator says it should?
 * Each article is compared by content hash (the writer's own hash of the whole input) and by the
 * number of rows it owns in every child table and the search index, so an article that is
 * missing, duplicated, half-written or left at the old revision is named.
 */
import { contentHash } from '../../src/content/hash.ts';
import type { ArticleInput } from '../../src/content/types.ts';
import { flattenBlocks } from '../../src/db/blocks.ts';

interface Shape {
  hash: string;
  blocks: number;
  tags: number;
  entities: number;
  listItems: number;
  fts: number;
}

export interface ArticleCheck {
  articles: number;
  expected: number;
  /** Articles whose hash matches the expected revision. */
  matching: number;
  problems: string[];
}

async function expectedShape(input: ArticleInput): Promise<Shape> {
  return {
    hash: await contentHash(input),
    blocks: flattenBlocks(input.sections).length,
    tags: input.stack.length + input.tools.length,
    entities: input.entities.length,
    listItems: input.checklist.length + input.notes.length,
    fts: 1,
  };
}

const STORED_SHAPES = `
  SELECT a.source_id AS sourceId, a.content_hash AS hash,
    (SELECT count(*) FROM article_blocks WHERE article_id = a.id) AS blocks,
    (SELECT count(*) FROM article_tags WHERE article_id = a.id) AS tags,
    (SELECT count(*) FROM article_entities WHERE article_id = a.id) AS entities,
    (SELECT count(*) FROM article_list_items WHERE article_id = a.id) AS listItems,
    (SELECT count(*) FROM articles_fts WHERE rowid = a.id) AS fts
  FROM articles a`;

/**
 * Compares the stored articles with `expected` (the final revision of every article).
 *
 * @example
 * const check = await verifyArticles(d1, inputs);
 * // check.problems is empty when the database is exactly right
 */
export async function verifyArticles(
  d1: D1Database,
  expected: ArticleInput[],
): Promise<ArticleCheck> {
  const want = new Map<string, Shape>();
  for (const input of expected) {
    want.set(input.sourceId, await expectedShape(input));
  }
  const stored = await d1.prepare(STORED_SHAPES).all<Shape & { sourceId: string }>();
  const problems: string[] = [];
  let matching = 0;
  const seen = new Set<string>();
  for (const row of stored.results) {
    seen.add(row.sourceId);
    const shape = want.get(row.sourceId);
    if (!shape) {
      problems.push(`${row.sourceId}: stored but not expected`);
      continue;
    }
    const wrong = (Object.keys(shape) as (keyof Shape)[]).filter((k) => row[k] !== shape[k]);
    if (wrong.length === 0) {
      matching += 1;
    } else {
      problems.push(
        `${row.sourceId}: ${wrong.map((k) => `${k} ${row[k]} (expected ${shape[k]})`).join(', ')}`,
      );
    }
  }
  for (const sourceId of want.keys()) {
    if (!seen.has(sourceId)) {
      problems.push(`${sourceId}: missing`);
    }
  }
  const orphans = await d1
    .prepare('SELECT count(*) AS n FROM articles_fts WHERE rowid NOT IN (SELECT id FROM articles)')
    .first<{ n: number }>();
  if ((orphans?.n ?? 0) > 0) {
    problems.push(`${orphans?.n} search index rows belong to no article`);
  }
  return { articles: stored.results.length, expected: want.size, matching, problems };
}
