/** The one-line summaries `npm run dev` prints instead of the steps' full output. */
import { describe, expect, it } from 'vitest';
import { importSummary, summarizeMigrations } from '../../scripts/lib/quiet-output.ts';

// What wrangler 4.86 prints for `d1 migrations apply DB --local` on an empty database (trimmed).
const FIRST_APPLY = `
Migrations to be applied:
┌─────────────────────────┬────────┐
│ name                    │ status │
├─────────────────────────┼────────┤
│ 0000_init.sql           │ 🕒️    │
├─────────────────────────┼────────┤
│ 0001_search_fts.sql     │ 🕒️    │
├─────────────────────────┼────────┤
│ 0002_site_state.sql     │ 🕒️    │
├─────────────────────────┼────────┤
│ 0003_article_features.sql │ 🕒️    │
└─────────────────────────┴────────┘
🚣 4 commands executed successfully.
┌─────────────────────────┬────────┐
│ name                    │ status │
├─────────────────────────┼────────┤
│ 0000_init.sql           │ ✅     │
├─────────────────────────┼────────┤
│ 0001_search_fts.sql     │ ✅     │
├─────────────────────────┼────────┤
│ 0002_site_state.sql     │ ✅     │
├─────────────────────────┼────────┤
│ 0003_article_features.sql │ ✅     │
└─────────────────────────┴────────┘
`;

describe('summarizeMigrations', () => {
  it('names how many migrations were applied, first and last', () => {
    expect(summarizeMigrations(FIRST_APPLY)).toBe(
      'migrations: applied 4 (0000_init … 0003_article_features)',
    );
  });

  it('lists a few by name', () => {
    const two = FIRST_APPLY.split('\n')
      .filter((line) => !/0000_|0001_/.test(line))
      .join('\n');
    expect(summarizeMigrations(two)).toBe(
      'migrations: applied 2 (0002_site_state, 0003_article_features)',
    );
  });

  it('says so when the database is up to date', () => {
    expect(summarizeMigrations('Resource location: local\n\n✅ No migrations to apply!\n')).toBe(
      'migrations: up to date',
    );
  });
});

describe('importSummary', () => {
  it("keeps the import's summary line, not its header or the cache line", () => {
    const output = [
      'import: 201 files into local D1 (the database wrangler dev uses) in .wrangler/state/v3/d1',
      'import: 201 created, 0 updated, 0 unchanged, 0 rejected (201 files) in 3.1s, 9000 rows written',
      'cache: 499 tags invalidated (generation 1); purge skipped',
      '',
    ].join('\n');
    expect(importSummary(output)).toBe(
      'import: 201 created, 0 updated, 0 unchanged, 0 rejected (201 files) in 3.1s, 9000 rows written',
    );
  });
});
