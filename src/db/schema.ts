/**
 * The D1 schema, the single source of truth: drizzle-kit generates migrations/ from this file.
 * Scalar article fields live on `articles`; every list a page shows or filters by has its own
 * table, keyed by (article_id, position) so order survives, with indexes for the listings.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const articles = sqliteTable(
  'articles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sourceId: text('source_id').notNull().unique(),
    format: text('format', { enum: ['alphanode', 'markdown', 'wordpress'] }).notNull(),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    topic: text('topic').notNull(),
    problem: text('problem').notNull(),
    summary: text('summary').notNull(),
    /** 1 when the summary was derived from the body (no description given): the page shows no lede. */
    summaryDerived: integer('summary_derived', { mode: 'boolean' }).notNull().default(false),
    outlineContext: text('outline_context').notNull(),
    outlineProblem: text('outline_problem').notNull(),
    outlineStack: text('outline_stack').notNull(),
    outlineAction: text('outline_action').notNull(),
    aiBrief: text('ai_brief').notNull(),
    codeLanguage: text('code_language').notNull(),
    difficulty: text('difficulty').notNull(),
    readingTime: integer('reading_time').notNull(),
    viewCount: integer('view_count').notNull(),
    scoreQuality: integer('score_quality').notNull(),
    scoreFreshness: integer('score_freshness').notNull(),
    scoreDepth: integer('score_depth').notNull(),
    scoreClarity: integer('score_clarity').notNull(),
    revisionStatus: text('revision_status').notNull(),
    revisionVersion: text('revision_version').notNull(),
    lastReviewed: text('last_reviewed'),
    reference: text('reference').notNull(),
    hash: text('hash').notNull(),
    flagAiGenerated: integer('flag_ai_generated', { mode: 'boolean' }).notNull(),
    flagHasImages: integer('flag_has_images', { mode: 'boolean' }).notNull(),
    flagImageHeavy: integer('flag_image_heavy', { mode: 'boolean' }).notNull(),
    flagNeedsReview: integer('flag_needs_review', { mode: 'boolean' }).notNull(),
    payloadSourceId: text('payload_source_id').notNull(),
    payloadGenerator: text('payload_generator').notNull(),
    payloadParagraphs: integer('payload_paragraphs').notNull(),
    payloadScenario: text('payload_scenario').notNull(),
    payloadSeed: integer('payload_seed'),
    author: text('author'),
    draft: integer('draft', { mode: 'boolean' }).notNull().default(false),
    /** Front-matter fields kept as given (Zola's `[extra]` table), as JSON; null when none. */
    extra: text('extra', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** 1 when search engines may index the page: reviewed/published, not AI-style, no review pending, not a draft. */
    indexable: integer('indexable', { mode: 'boolean' }).notNull(),
    /** Hash of everything imported; an unchanged hash means an import writes nothing. */
    contentHash: text('content_hash').notNull(),
    createdAt: text('created_at').notNull(),
    /** Changes only when the content changes (never on a cron refresh): drives lastmod and dateModified. */
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('articles_created_idx').on(t.createdAt, t.id),
    index('articles_difficulty_created_idx').on(t.difficulty, t.createdAt, t.id),
    index('articles_indexable_idx').on(t.indexable, t.updatedAt, t.slug),
    // Covering the similar job's scan for articles whose features are stale (every run walks all
    // ids comparing hashes): it reads this narrow index instead of the articles' rows.
    index('articles_id_hash_idx').on(t.id, t.contentHash),
  ],
);

/** Body blocks in reading order. A `heading` row starts a new section; `item` rows in a row form one list. */
export const articleBlocks = sqliteTable(
  'article_blocks',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind', { enum: ['heading', 'paragraph', 'item', 'code'] }).notNull(),
    text: text('text').notNull(),
    language: text('language'),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.position] })],
);

/**
 * An article's body as the page serves it: HTML rendered once by src/content/render (sanitized,
 * highlighted), its table of contents and a plain-text copy for search. The source and the link
 * and image maps the import resolved are kept too, so the refresh job can render every body again
 * when the pipeline changes (render_version) without the source files. docs/CONTENT.md.
 */
export const articleBodies = sqliteTable(
  'article_bodies',
  {
    articleId: integer('article_id')
      .primaryKey()
      .references(() => articles.id, { onDelete: 'cascade' }),
    html: text('html').notNull(),
    /** The table of contents as JSON: [{ depth, id, text }]. */
    toc: text('toc').notNull(),
    /** Plain text without code blocks or URLs, for search and similarity. */
    text: text('text').notNull(),
    /** RENDER_VERSION of the pipeline that produced html, toc and text. */
    renderVersion: integer('render_version').notNull(),
    format: text('format', { enum: ['markdown', 'html', 'sections'] }).notNull(),
    /** Markdown or HTML as imported; the alphanode sections as JSON. */
    source: text('source').notNull(),
    /** JSON maps of the links and images the import resolved: { "../a.md": "/posts/a" }. */
    links: text('links').notNull(),
    images: text('images').notNull(),
  },
  // The render job looks for bodies an older pipeline produced.
  (t) => [index('article_bodies_version_idx').on(t.renderVersion, t.articleId)],
);

/**
 * Stack, tools and topic tags, the lists listings filter by: `stack` and `tool` are alphanode's
 * meta box, `tag` the topics a blog gives (Markdown tags and categories, WordPress terms).
 */
export const articleTags = sqliteTable(
  'article_tags',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['stack', 'tool', 'tag'] }).notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.kind, t.position] }),
    index('article_tags_name_idx').on(t.kind, t.name, t.articleId),
  ],
);

/**
 * Old URLs that answer 301 to an article (aliases, a Zola `path`, a Hugo `url`, redirect stubs,
 * WordPress permalinks), in normalizeOldUrl's form ("/2018/05/10/Rust-1.26", "/?p=123"). The
 * target is the article, not its slug, so a renamed article keeps its old URLs working.
 */
export const redirects = sqliteTable(
  'redirects',
  {
    path: text('path').primaryKey(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
  },
  (t) => [index('redirects_article_idx').on(t.articleId)],
);

export const articleEntities = sqliteTable(
  'article_entities',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.position] }),
    index('article_entities_name_idx').on(t.type, t.name, t.articleId),
  ],
);

/** The meta box's plain text lists: the checklist and the notes. */
export const articleListItems = sqliteTable(
  'article_list_items',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    list: text('list', { enum: ['checklist', 'notes'] }).notNull(),
    position: integer('position').notNull(),
    text: text('text').notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.list, t.position] })],
);

/** Filled by the similar-posts job; rank 1 is the most similar. */
export const similarPosts = sqliteTable(
  'similar_posts',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    rank: integer('rank').notNull(),
    similarArticleId: integer('similar_article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    score: real('score').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.rank] }),
    index('similar_posts_target_idx').on(t.similarArticleId),
  ],
);

/**
 * What the similar-posts job extracted from each article: its tags, subject and most frequent
 * words, as counts that do not depend on the rest of the corpus. Re-extracted only when the
 * article's content hash changes, so a refresh never re-reads every body. See docs/JOBS.md.
 */
export const articleFeatures = sqliteTable('article_features', {
  articleId: integer('article_id')
    .primaryKey()
    .references(() => articles.id, { onDelete: 'cascade' }),
  /** articles.content_hash at extraction: a different hash means the features are stale. */
  contentHash: text('content_hash').notNull(),
  /** 0 for drafts: they neither get links nor appear as one. */
  linkable: integer('linkable', { mode: 'boolean' }).notNull(),
  /** The extracted features as `similar_terms` ids with codes, "12:0,14,88:3" (src/db/packed-features.ts). */
  features: text('features').notNull(),
  /** 1 when the features changed since the article's links were last computed. */
  dirty: integer('dirty', { mode: 'boolean' }).notNull(),
});

/**
 * The similar-posts job's vocabulary: every feature term it has met, with the id article_features
 * stores instead of the text. Ids are assigned by the job (under its lock) and never reused.
 */
export const similarTerms = sqliteTable('similar_terms', {
  id: integer('id').primaryKey(),
  /** "p:problem", "o:topic", "s:stack", "t:tool", "e:type:name" or "w:word". */
  term: text('term').notNull().unique(),
  /**
   * Linkable articles whose features have the term (its document frequency), kept up to date by
   * the fan-out refresh's features phase (src/jobs/fanout/), which reads it instead of loading
   * every article's features.
   */
  df: integer('df').notNull().default(0),
  /** Rows of similar_postings with the term: the length of its posting list. */
  kept: integer('kept').notNull().default(0),
});

/**
 * The fan-out refresh's inverted index, stored instead of held in one isolate: one row per
 * feature an article keeps in the index (src/jobs/similarity-index.ts decides which), ordered by
 * term then article, so a ranking reads a window of a term's list with one indexed range read.
 * No weight: weights move with every corpus change, membership rarely (docs/SCALE.md).
 */
export const similarPostings = sqliteTable(
  'similar_postings',
  {
    termId: integer('term_id').notNull(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.termId, t.articleId] }),
    index('similar_postings_article_idx').on(t.articleId, t.termId),
  ],
);

/** One row per background job run (freshness, similar), for /healthz, /admin/jobs and debugging. */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    job: text('job').notNull(),
    trigger: text('trigger').notNull(),
    status: text('status', { enum: ['running', 'success', 'failed', 'partial'] }).notNull(),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    processed: integer('processed').notNull().default(0),
    rowsWritten: integer('rows_written').notNull().default(0),
    cursor: text('cursor'),
    error: text('error'),
  },
  (t) => [index('job_runs_job_started_idx').on(t.job, t.startedAt)],
);

/**
 * The parts of a fan-out run (one queue message each: a phase over a range of article ids), so a
 * run's progress, each part's attempts and errors, and which part holds which lease are visible
 * next to its job_runs row. The key (run, phase, part) is what makes a retried message idempotent.
 */
export const jobParts = sqliteTable(
  'job_parts',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => jobRuns.id, { onDelete: 'cascade' }),
    phase: text('phase', { enum: ['features', 'postings', 'rank'] }).notNull(),
    part: integer('part').notNull(),
    fromId: integer('from_id').notNull(),
    toId: integer('to_id').notNull(),
    status: text('status', { enum: ['pending', 'running', 'done', 'failed'] }).notNull(),
    /** The consumer working the part; its lease runs until lease_until. */
    owner: text('owner'),
    leaseUntil: text('lease_until'),
    attempts: integer('attempts').notNull().default(0),
    processed: integer('processed').notNull().default(0),
    rowsWritten: integer('rows_written').notNull().default(0),
    /** The part's own memory high-water mark (bytes), as the job accounts it. */
    peakBytes: integer('peak_bytes').notNull().default(0),
    ms: integer('ms').notNull().default(0),
    error: text('error'),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.phase, t.part] }),
    index('job_parts_status_idx').on(t.runId, t.phase, t.status),
  ],
);

/** A lease per job: a run holds it until expires_at, so a dead run's lock frees itself. */
export const jobLocks = sqliteTable('job_locks', {
  job: text('job').primaryKey(),
  owner: text('owner').notNull(),
  expiresAt: text('expires_at').notNull(),
});

/** Small key/value state shared by the Worker and jobs (for example the cache content generation). */
export const siteState = sqliteTable(
  'site_state',
  {
    key: text('key').primaryKey(),
    value: text('value').notNull(),
    updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  // The edge cache reads only the rows changed since its last read, every few seconds per isolate.
  (t) => [index('site_state_updated_idx').on(t.updatedAt)],
);
