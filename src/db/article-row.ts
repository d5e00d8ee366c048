/**
 * The article ↔ `articles` row mapping, written once: which field of an article lands in which
 * column and back. The writer (article-writer.ts) stores an import's ArticleInput through
 * articleColumns; the page's read (article-queries.ts) rebuilds the Article through articleOfRow.
 * A field added to the article and the schema is added to the table below, and both directions
 * follow; test/db/article-row.test.ts fails for a column that neither the table nor the writer's
 * own columns (ARTICLE_OWN_COLUMNS) account for.
 */
import type { Article, ArticleInput, Entity, ShownBody } from '../content/types.ts';
import type { articles } from './schema.ts';

/** A whole `articles` row as drizzle reads it. */
export type ArticleRow = typeof articles.$inferSelect;

/** Fields stored as they are, in the column of the same name. */
const SAME_NAME = [
  'sourceId',
  'format',
  'title',
  'topic',
  'problem',
  'summary',
  'aiBrief',
  'codeLanguage',
  'difficulty',
  'readingTime',
  'viewCount',
  'reference',
  'hash',
  'author',
  'draft',
] as const satisfies readonly (keyof ArticleInput & keyof ArticleRow)[];

type SameName = (typeof SAME_NAME)[number];

/** The article's nested objects, each stored flat in prefixed columns. */
type Group = 'outline' | 'scores' | 'revision' | 'flags' | 'payload';

/** The columns whose type is exactly V: a field can only be mapped to a column that holds it. */
type ColumnHolding<V> = {
  [C in keyof ArticleRow]-?: [ArticleRow[C]] extends [V]
    ? [V] extends [ArticleRow[C]]
      ? C
      : never
    : never;
}[keyof ArticleRow];

/** Field of each group → its column. */
const GROUPS = {
  outline: {
    context: 'outlineContext',
    problem: 'outlineProblem',
    stack: 'outlineStack',
    recommendedAction: 'outlineAction',
  },
  scores: {
    quality: 'scoreQuality',
    freshness: 'scoreFreshness',
    depth: 'scoreDepth',
    clarity: 'scoreClarity',
  },
  revision: {
    status: 'revisionStatus',
    version: 'revisionVersion',
    lastReviewed: 'lastReviewed',
  },
  flags: {
    aiGeneratedStyle: 'flagAiGenerated',
    hasImages: 'flagHasImages',
    imageHeavy: 'flagImageHeavy',
    needsHumanReview: 'flagNeedsReview',
  },
  payload: {
    sourceId: 'payloadSourceId',
    generator: 'payloadGenerator',
    paragraphs: 'payloadParagraphs',
    scenario: 'payloadScenario',
    seed: 'payloadSeed',
  },
} as const satisfies {
  [G in Group]: { [F in keyof ArticleInput[G]]-?: ColumnHolding<ArticleInput[G][F]> };
};

type GroupColumn = {
  [G in Group]: (typeof GROUPS)[G][keyof (typeof GROUPS)[G]];
}[Group];

/** The optional fields an import may leave out, stored with their default. */
type Defaulted = 'summaryDerived' | 'extra';

/** The columns that come from the article's own fields. */
export type ArticleColumns = Pick<ArticleRow, SameName | GroupColumn | Defaulted>;

/**
 * The columns the writer fills itself, from what it decides rather than from a field: the id
 * (D1's), the slug (resolved against collisions), indexable (the policy), the content hash and
 * the two timestamps (the import's clock or the source's dates).
 */
export const ARTICLE_OWN_COLUMNS = [
  'id',
  'slug',
  'indexable',
  'contentHash',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof ArticleRow)[];

/**
 * The `articles` columns an article's own fields fill.
 *
 * @example
 * db.insert(articles).values({ ...articleColumns(input), slug, indexable, contentHash, createdAt, updatedAt })
 */
export function articleColumns(input: ArticleInput): ArticleColumns {
  const row: Record<string, unknown> = {
    summaryDerived: input.summaryDerived ?? false,
    extra: input.extra ?? null,
  };
  for (const field of SAME_NAME) {
    row[field] = input[field];
  }
  for (const group of Object.keys(GROUPS) as Group[]) {
    const values = input[group] as unknown as Record<string, unknown>;
    for (const [field, column] of Object.entries(GROUPS[group])) {
      row[column] = values[field];
    }
  }
  // Every key of ArticleColumns was set above: SAME_NAME, GROUPS and the defaulted two.
  return row as ArticleColumns;
}

/** What the page reads beside the row: the shown body and the article's lists. */
export interface ArticleParts {
  body: ShownBody;
  stack: string[];
  tools: string[];
  tags: string[];
  checklist: string[];
  notes: string[];
  entities: Entity[];
}

/**
 * The Article a stored row (and its parts) describes: the inverse of articleColumns, plus what
 * the database assigned.
 *
 * @example
 * const article = articleOfRow(row, { body, stack, tools, tags, checklist, notes, entities });
 */
export function articleOfRow(row: ArticleRow, parts: ArticleParts): Article {
  const fields: Record<string, unknown> = {};
  for (const field of SAME_NAME) {
    fields[field] = row[field];
  }
  for (const group of Object.keys(GROUPS) as Group[]) {
    const values: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(GROUPS[group])) {
      values[field] = row[column];
    }
    fields[group] = values;
  }
  return {
    ...(fields as Pick<Article, SameName | Group>),
    ...parts,
    id: row.id,
    slug: row.slug,
    summaryDerived: row.summaryDerived,
    extra: row.extra,
    // The writer folds the source's own dates into created_at/updated_at, so those are the
    // publication and modification dates of the stored article.
    publishedAt: row.createdAt,
    modifiedAt: row.updatedAt,
    contentHash: row.contentHash,
    indexable: row.indexable,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
