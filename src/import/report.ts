/**
 * The import's words: the summary (counts, skip reasons, renamed slugs), one line per problem of
 * a rejected file, and with --verbose one line per file. Kept apart from the CLI so tests can
 * assert exactly what an editor reads.
 */
import type { FileOutcome, ImportSummary } from './run-import.ts';

const WIDTH = 'would create'.length;

function label(status: FileOutcome['status'], dryRun: boolean): string {
  if (dryRun && status === 'created') {
    return 'would create';
  }
  if (dryRun && status === 'updated') {
    return 'would update';
  }
  return status;
}

/**
 * @example
 * formatOutcome({ path: 'a.txt', status: 'rejected', problems: [{ line: 12, field: 'score.depth', message: 'expected …' }] }, false)
 * // ['rejected     a.txt:12  score.depth: expected …']
 */
export function formatOutcome(outcome: FileOutcome, dryRun: boolean): string[] {
  const head = label(outcome.status, dryRun).padEnd(WIDTH);
  if (outcome.status === 'rejected') {
    return outcome.problems.map((p) => {
      const where = p.line === undefined ? outcome.path : `${outcome.path}:${p.line}`;
      return `${head} ${where}  ${p.field}: ${p.message}`;
    });
  }
  if (outcome.status === 'skipped') {
    return [`${head} ${outcome.path}  ${outcome.reason}`];
  }
  const warnings = (outcome.warnings ?? []).map((p) => {
    const where = p.line === undefined ? outcome.path : `${outcome.path}:${p.line}`;
    return `${'warning'.padEnd(WIDTH)} ${where}  ${p.message}`;
  });
  if (outcome.status === 'unchanged') {
    return [`${head} ${outcome.path}`, ...warnings];
  }
  const moved =
    outcome.before && outcome.before.slug !== outcome.slug
      ? ` (was /posts/${outcome.before.slug})`
      : '';
  return [`${head} ${outcome.path} → /posts/${outcome.slug}${moved}`, ...warnings];
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)}s` : `${(ms / 1000).toFixed(1)}s`;
}

/**
 * @example
 * formatSummary(summary)
 * // 'import: 3 created, 1 updated, 10 unchanged, 2 rejected (16 files) in 1.20s, 212 rows written'
 */
export function formatSummary(summary: ImportSummary): string {
  const files = `${summary.files} file${summary.files === 1 ? '' : 's'}`;
  const skipped = summary.skipped > 0 ? `${summary.skipped} skipped, ` : '';
  if (summary.dryRun) {
    return `dry run: ${summary.created} would be created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${skipped}${summary.rejected} rejected (${files}) in ${seconds(summary.elapsedMs)}; nothing was written`;
  }
  const media =
    summary.mediaStored > 0
      ? `, ${summary.mediaStored} image${summary.mediaStored === 1 ? '' : 's'} stored`
      : '';
  return `import: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${skipped}${summary.rejected} rejected (${files}) in ${seconds(summary.elapsedMs)}, ${summary.rowsWritten} rows written${media}`;
}

/**
 * Why files were skipped, counted by kind, or null when none was.
 *
 * @example
 * formatSkipLine(summary) // 'skipped: 3 section pages, 1 template page (--verbose lists them)'
 */
export function formatSkipLine(summary: ImportSummary): string | null {
  const kinds = Object.entries(summary.skippedByKind);
  if (kinds.length === 0) {
    return null;
  }
  const parts = kinds.map(([kind, count]) => `${count} ${kind}${count === 1 ? '' : 's'}`);
  return `skipped: ${parts.join(', ')} (--verbose lists them)`;
}

/**
 * The slugs that took their folder as a prefix because two files wanted one, or null.
 *
 * @example
 * formatQualifiedLines(summary) // ['slug: content/inside-rust/all-hands.md → /posts/inside-rust-all-hands (another file is named all-hands)']
 */
export function formatQualifiedLines(summary: ImportSummary): string[] {
  return summary.qualifiedSlugs.map(
    (q) =>
      `slug: ${q.path} → /posts/${q.slug} (another file has the same name; its folder is the prefix)`,
  );
}

/**
 * The cache line after a run that changed something, or null.
 *
 * @example
 * formatCacheLine(summary)
 * // 'cache: 14 tags invalidated (generation 3); purge skipped: set CF_ZONE_ID and CF_API_TOKEN to purge at once'
 */
export function formatCacheLine(summary: ImportSummary): string | null {
  if (summary.invalidationError !== null) {
    return `cache: invalidation failed: ${summary.invalidationError}; the content is stored, but cached pages may show the old version until they expire`;
  }
  const result = summary.invalidation;
  if (result === null || result.generation === null) {
    return null;
  }
  const head = `cache: ${result.tags.length} tags invalidated (generation ${result.generation})`;
  const { purge } = result;
  if (purge.status === 'skipped') {
    return `${head}; purge skipped: set CF_ZONE_ID and CF_API_TOKEN to purge at once`;
  }
  if (purge.status === 'purged') {
    return `${head}; ${purge.purgedTags} tags purged in ${purge.requests} request${purge.requests === 1 ? '' : 's'}`;
  }
  return `${head}; purge failed (pages still refresh within the bound in docs/CACHE_RULES.md): ${purge.errors.join('; ')}`;
}
