import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { generateArticle } from '../../scripts/lib/generator.ts';
import { formatAlphanode } from '../../src/content/alphanode-format.ts';
import { slugify } from '../../src/content/slug.ts';
import { createDb } from '../../src/db/client.ts';
import { formatOutcome, formatSummary } from '../../src/import/report.ts';
import { type FileOutcome, importDocuments } from '../../src/import/run-import.ts';
import { countD1Calls } from '../../src/observe/d1-counter.ts';
import { doc } from './documents.ts';

const now = new Date('2026-11-01T00:00:00Z');

async function dump(): Promise<string> {
  const tables = [
    'articles',
    'article_blocks',
    'article_tags',
    'article_list_items',
    'articles_fts',
  ];
  const rows = await Promise.all(
    tables.map((t) => env.DB.prepare(`select * from ${t} order by rowid`).all()),
  );
  return JSON.stringify(rows.map((r) => r.results));
}

describe('import --dry-run', () => {
  it('reports what would be created, updated and left alone, and writes nothing', async () => {
    const kept = generateArticle(60, 3);
    const edited = generateArticle(61, 3);
    await importDocuments(
      createDb(env.DB),
      [doc('kept.txt', kept.text), doc('edited.txt', edited.text)],
      {
        now,
      },
    );
    const before = await dump();

    const usage = { calls: 0, durationMs: 0 };
    const db = createDb(countD1Calls(env.DB, usage));
    const fresh = generateArticle(62, 3);
    const outcomes: FileOutcome[] = [];
    const summary = await importDocuments(
      db,
      [
        doc('kept.txt', kept.text),
        doc('edited.txt', formatAlphanode({ ...edited.input, summary: 'a better summary' })),
        doc('fresh.txt', fresh.text),
        doc('broken.txt', ''),
      ],
      { now, dryRun: true, onFile: (o) => outcomes.push(o) },
    );

    expect(outcomes.flatMap((o) => formatOutcome(o, true))).toEqual([
      'unchanged    kept.txt',
      `would update edited.txt → /posts/${slugify(edited.input.title)}`,
      `would create fresh.txt → /posts/${slugify(fresh.input.title)}`,
      'rejected     broken.txt  content: the file is empty; expected an article',
    ]);
    expect(formatSummary({ ...summary, elapsedMs: 50 })).toBe(
      'dry run: 1 would be created, 1 updated, 1 unchanged, 1 rejected (4 files) in 0.05s; nothing was written',
    );
    expect(summary.rowsWritten).toBe(0);
    expect(await dump()).toBe(before);
    // Two reads (stored hashes, slug owners) and no batch of writes.
    expect(usage.calls).toBe(2);
  });
});
