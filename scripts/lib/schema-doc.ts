/**
 * Renders docs/DATA_MODEL.md from the drizzle schema, so the documented model cannot drift from
 * the tables (`npm run docs:schema` writes it; a test fails when the file is stale).
 */
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from '../../src/db/schema.ts';

/** What each table is for; a table without a line here fails the docs test. */
export const TABLE_PURPOSES: Record<string, string> = {
  articles:
    'One row per article: every scalar field of the page and its meta box, typed. `indexable` is derived on write (reviewed/published, not AI-style, no review pending, not a draft); `content_hash` makes imports idempotent; `updated_at` changes only when content changes.',
  article_bodies:
    'The body as the page serves it: HTML rendered once by the content pipeline (sanitized, highlighted), its table of contents and plain text, the `render_version` that produced them, and the source with the link and image maps the import resolved, so the render job can re-render without the files (docs/CONTENT.md).',
  article_blocks:
    'The body as plain-text blocks in reading order (the similar-posts job reads its words here). A `heading` row starts a section; consecutive `item` rows form one list; `code` rows keep their language.',
  article_tags:
    'The stack, tools and topic tags (`kind` = stack | tool | tag), in order; listings look them up by (kind, name).',
  redirects:
    "Old URLs (aliases, a Zola `path`, a Hugo `url`, redirect stubs, WordPress permalinks) in normalizeOldUrl's form, each answering 301 to its article's `/posts/<slug>`.",
  article_entities: 'The entities list (name + type), in order.',
  article_list_items: 'The meta box checklist and notes (`list` = checklist | notes), in order.',
  article_features:
    'What the similar-posts job extracted per article (tags, subject, top words as `similar_terms` ids with counts), re-extracted only when `content_hash` moves; `dirty` marks features not yet reflected in links (docs/JOBS.md).',
  similar_terms:
    "The similar-posts job's vocabulary: each feature term (`s:python`, `w:cache`, …) with the integer id `article_features` stores instead of its text; ids are never reused; `df` and `kept` count, for the fan-out refresh, the linkable articles having the term and its posting-list length (docs/SCALE.md).",
  similar_postings:
    "The fan-out refresh's inverted index: one row per feature an article keeps in the similarity index, read a window at a time by term (docs/SCALE.md).",
  similar_posts:
    'Similar-post links computed by the cron refresh: rank 1 is the most similar; score and a human reason.',
  job_runs: 'One row per background job run: trigger, status, counts, cursor and error.',
  job_parts:
    'The parts of a fan-out run, one per queue message (a phase over a range of article ids): status, lease, attempts, counts, memory and last error; the key (run, phase, part) makes a retried message idempotent.',
  job_locks:
    'A lease per job, so two runs never overlap and a dead run frees its lock when the lease expires.',
  site_state: 'Small shared key/value state (for example the cache content generation).',
};

function tables(): SQLiteTable[] {
  // Sorted by name: module namespaces enumerate in different orders in Node and in Vite's transform.
  return Object.values(schema as Record<string, unknown>)
    .filter(
      (value): value is SQLiteTable =>
        typeof value === 'object' &&
        value !== null &&
        Symbol.for('drizzle:IsDrizzleTable') in value,
    )
    .sort((a, b) => getTableConfig(a).name.localeCompare(getTableConfig(b).name));
}

export function renderDataModel(): string {
  const out: string[] = [
    '# Data model',
    '',
    '<!-- Generated from src/db/schema.ts by `npm run docs:schema`. Do not edit by hand. -->',
    '',
    'D1 (SQLite) tables, created by the migrations in `migrations/` that drizzle-kit generates from',
    '`src/db/schema.ts`. The full-text index `articles_fts` (FTS5: title, summary, body, tags, the',
    "article's tag names; rowid = article id) is a hand-written migration, kept in step by the article",
    'writer in the same batch as the article.',
    '',
  ];
  for (const table of tables()) {
    const config = getTableConfig(table);
    out.push(`## ${config.name}`, '', TABLE_PURPOSES[config.name] ?? '(no description)', '');
    out.push('| column | type | null | key |', '| --- | --- | --- | --- |');
    const compositeKey = config.primaryKeys[0]?.columns.map((c) => c.name) ?? [];
    for (const column of config.columns) {
      const key = [
        column.primary || compositeKey.includes(column.name) ? 'primary' : '',
        column.isUnique ? 'unique' : '',
        config.foreignKeys.some((fk) => fk.reference().columns.some((c) => c.name === column.name))
          ? `→ ${config.foreignKeys
              .filter((fk) => fk.reference().columns.some((c) => c.name === column.name))
              .map((fk) => getTableConfig(fk.reference().foreignTable).name)
              .join(', ')}`
          : '',
      ]
        .filter(Boolean)
        .join(', ');
      out.push(
        `| ${column.name} | ${column.getSQLType()} | ${column.notNull ? 'no' : 'yes'} | ${key} |`,
      );
    }
    if (config.indexes.length > 0) {
      out.push('', 'Indexes:');
      for (const index of config.indexes) {
        const columns = index.config.columns.map((c) => ('name' in c ? String(c.name) : '?'));
        out.push(`- \`${index.config.name}\` (${columns.join(', ')})`);
      }
    }
    out.push('');
  }
  return out.join('\n');
}
