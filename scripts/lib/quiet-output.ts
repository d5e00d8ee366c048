/**
 * One-line summaries of the chatty steps `npm run dev` runs before serving, so a first run prints
 * a line per step instead of wrangler's migration tables. The full output is still printed when
 * a step fails. No Node imports: the Workers test pool imports this file.
 */

const MIGRATION_FILE = /\b(\d{4}_[\w-]+)\.sql\b/;

/**
 * What `wrangler d1 migrations apply` did, in one line.
 *
 * @example
 * summarizeMigrations('✅ No migrations to apply!') // 'migrations: up to date'
 * summarizeMigrations(tables) // 'migrations: applied 2 (0005_x, 0006_y)'
 */
export function summarizeMigrations(output: string): string {
  if (/No migrations to apply/i.test(output)) {
    return 'migrations: up to date';
  }
  // wrangler prints the table twice, before (🕒) and after (✅); the rows after the last header
  // are the final state.
  const lines = output.split('\n');
  const lastHeader = lines.findLastIndex((line) => /\bname\b.*\bstatus\b/.test(line));
  const applied = lines
    .slice(lastHeader + 1)
    .filter((line) => line.includes('✅'))
    .map((line) => MIGRATION_FILE.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
  if (applied.length === 0) {
    return 'migrations: applied (wrangler listed none)';
  }
  const shown =
    applied.length <= 3 ? applied.join(', ') : `${applied[0]} … ${applied[applied.length - 1]}`;
  return `migrations: applied ${applied.length} (${shown})`;
}

/**
 * The last non-empty line a step printed: the summary line our own scripts end with.
 *
 * @example
 * lastLine('a\nimport: 201 files: 201 created\n\n') // 'import: 201 files: 201 created'
 */
export function lastLine(output: string): string {
  return (
    output
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .at(-1) ?? ''
  );
}

/**
 * The import's summary line (created, updated, unchanged, rejected), the last line it prints that
 * starts with "import:"; the cache line after it is left out.
 *
 * @example
 * importSummary('import: 201 files into …\nimport: 201 created, 0 updated …\ncache: 499 tags …')
 * // 'import: 201 created, 0 updated …'
 */
export function importSummary(output: string): string {
  const lines = output.split('\n').filter((line) => line.startsWith('import:'));
  return lines.at(-1) ?? lastLine(output);
}
