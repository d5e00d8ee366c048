/**
 * The article as the site understands it, independent of where it came from (an alphanode page
 * export or a Markdown file). Parsers produce it, the database layer stores it field by field,
 * and pages render it.
 */

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'code'; code: string; language: string | null };

/** A body section: an optional heading (the intro has none) followed by its blocks, in order. */
export interface Section {
  heading: string | null;
  blocks: Block[];
}

export interface Entity {
  name: string;
  type: string;
}

export interface AiOutline {
  context: string;
  problem: string;
  stack: string;
  recommendedAction: string;
}

export interface Scores {
  quality: number;
  freshness: number;
  depth: number;
  clarity: number;
}

export interface Revision {
  status: string;
  version: string;
  /** ISO date (YYYY-MM-DD) or null when never reviewed. */
  lastReviewed: string | null;
}

export interface Flags {
  aiGeneratedStyle: boolean;
  hasImages: boolean;
  imageHeavy: boolean;
  needsHumanReview: boolean;
}

export interface Payload {
  sourceId: string;
  generator: string;
  paragraphs: number;
  scenario: string;
  seed: number | null;
}

export type SourceFormat = 'alphanode' | 'markdown';

export interface ArticleInput {
  /** Stable identity across imports: the alphanode source id, or the Markdown slug/path. */
  sourceId: string;
  format: SourceFormat;
  /** An explicit slug (Markdown front matter); otherwise derived from the title. */
  slug: string | null;
  title: string;
  sections: Section[];
  topic: string;
  problem: string;
  summary: string;
  outline: AiOutline;
  aiBrief: string;
  stack: string[];
  tools: string[];
  codeLanguage: string;
  difficulty: string;
  readingTime: number;
  viewCount: number;
  scores: Scores;
  revision: Revision;
  reference: string;
  hash: string;
  flags: Flags;
  checklist: string[];
  entities: Entity[];
  payload: Payload;
  notes: string[];
  author: string | null;
  /** ISO timestamp the source gives for publication (Markdown `date`); null means "when first imported". */
  publishedAt: string | null;
  /** ISO timestamp the source gives for its last change (Markdown `lastmod`). */
  modifiedAt: string | null;
  draft: boolean;
  /**
   * Topic tags (Markdown `tags`, `categories`, `keywords`, Zola `[taxonomies]`; WordPress
   * categories and tags), beside alphanode's stack and tools. Absent for alphanode exports.
   */
  tags?: string[];
  /** Old URL paths that answer 301 to this article (normalizeOldUrl's form). */
  redirects?: string[];
  /** Front-matter fields kept as given (Zola's `[extra]`), JSON. */
  extra?: Record<string, unknown> | null;
}

/** An article as stored: the input plus what the database assigned. */
export interface Article extends ArticleInput {
  id: number;
  slug: string;
  contentHash: string;
  indexable: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ArticleSummary {
  id: number;
  slug: string;
  title: string;
  summary: string;
  stack: string[];
  readingTime: number;
  difficulty: string;
  createdAt: string;
  updatedAt: string;
}

export interface SimilarLink {
  slug: string;
  title: string;
  rank: number;
  score: number;
  reason: string;
}

/** One page of a paginated list. `hasNext` comes from fetching one row more than is shown. */
export interface Paged<T> {
  items: T[];
  page: number;
  perPage: number;
  hasNext: boolean;
}

/** A run of text; `marked` runs matched the search terms. Rendered as <mark> by the pages. */
export interface MarkedSpan {
  text: string;
  marked: boolean;
}

export interface SearchHit {
  article: ArticleSummary;
  /** The title with matching words marked. */
  title: MarkedSpan[];
  /** A short excerpt around the best match, from whichever column matched best. */
  snippet: MarkedSpan[];
}

export interface SitemapEntry {
  slug: string;
  updatedAt: string;
}
