import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { generateArticle } from '../../scripts/lib/generator.ts';
import { slugify } from '../../src/content/slug.ts';
import { createDb } from '../../src/db/client.ts';
import { articles } from '../../src/db/schema.ts';
import { formatOutcome, formatSummary } from '../../src/import/report.ts';
import { type FileOutcome, importDocuments } from '../../src/import/run-import.ts';
import seedText from '../fixtures/alphanode-000989.txt?raw';
import { doc, lineOf } from './documents.ts';

const db = createDb(env.DB);
const now = new Date('2026-11-01T12:00:00Z');

function seedWith(find: string, replace: string): string {
  if (!seedText.includes(find)) {
    throw new Error(`"${find}" is not in the seed`);
  }
  return seedText.replace(find, replace);
}

async function run(documents: ReturnType<typeof doc>[], maxFileBytes?: number) {
  const outcomes: FileOutcome[] = [];
  const summary = await importDocuments(db, documents, {
    now,
    maxFileBytes,
    onFile: (o) => outcomes.push(o),
  });
  const lines = outcomes.flatMap((o) => formatOutcome(o, false));
  return { summary, outcomes, lines };
}

describe('import: each kind of bad input gets one clear line, and the good files still go in', () => {
  it('reports every problem with file, line, field and what was expected', async () => {
    const good = generateArticle(10, 7);
    const twin = generateArticle(11, 7);
    const utf16 = new Uint8Array([0xff, 0xfe, ...new TextEncoder().encode('t\0i\0')]);
    const binary = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]);
    const big = generateArticle(12, 7).text.padEnd(9000, ' ');
    const metaOnly = seedText.slice(seedText.indexOf('alphanode post meta'));

    const { summary, lines } = await run(
      [
        doc('in/a-good.txt', good.text),
        doc('in/b-empty.txt', ''),
        doc('in/c-binary.txt', binary),
        doc('in/d-utf16.txt', utf16),
        doc('in/e-no-title.txt', metaOnly),
        doc('in/f-glued.txt', seedWith('reading time9', 'reading time')),
        doc('in/g-score-text.txt', seedWith('quality: 95', 'quality: high')),
        doc('in/h-date.txt', seedWith('last reviewed: 2022-01-06', 'last reviewed: 2022-02-30')),
        doc('in/i-score-range.txt', seedWith('clarity: 97', 'clarity: 140')),
        doc('in/j-dup.txt', twin.text),
        doc('in/k-dup.txt', twin.text),
        doc('in/l-big.txt', big),
        doc('in/m-no-title.md', '---\ndate: 2024-01-01\n---\nJust a body.'),
      ],
      8 * 1024,
    );

    expect(lines).toEqual([
      `created      in/a-good.txt → /posts/${slugify(good.input.title)}`,
      'rejected     in/b-empty.txt  content: the file is empty; expected an article',
      'rejected     in/c-binary.txt:3  content: binary data (NUL byte at offset 8); expected a UTF-8 text file',
      'rejected     in/d-utf16.txt  encoding: UTF-16 (byte order mark FF FE); expected UTF-8, re-save the file as UTF-8',
      'rejected     in/e-no-title.txt:1  title: missing title before the meta box',
      `rejected     in/f-glued.txt:${lineOf(seedText, 'reading time9')}  reading time: label "reading time" has no value`,
      `rejected     in/g-score-text.txt:${lineOf(seedText, 'quality: 95')}  score.quality: expected a whole number, got "high"`,
      `rejected     in/h-date.txt:${lineOf(seedText, 'last reviewed:')}  revision.last reviewed: expected a real date as YYYY-MM-DD, got "2022-02-30"`,
      `rejected     in/i-score-range.txt:${lineOf(seedText, 'clarity: 97')}  score.clarity: expected a number from 0 to 100, got 140`,
      `rejected     in/j-dup.txt  source id: duplicate source id "${twin.input.sourceId}", also in in/k-dup.txt; expected each article in exactly one file (none of these files was imported)`,
      `rejected     in/k-dup.txt  source id: duplicate source id "${twin.input.sourceId}", also in in/j-dup.txt; expected each article in exactly one file (none of these files was imported)`,
      'rejected     in/l-big.txt  size: 9 KiB is over the 8 KiB limit; expected a smaller file (split the article)',
      'rejected     in/m-no-title.md:2  title: missing; expected "title: …" in the front matter',
    ]);
    expect(summary).toMatchObject({ files: 13, created: 1, rejected: 12 });
    expect(formatSummary({ ...summary, elapsedMs: 1234 })).toBe(
      `import: 1 created, 0 updated, 0 unchanged, 12 rejected (13 files) in 1.23s, ${summary.rowsWritten} rows written`,
    );

    const stored = await db.select({ sourceId: articles.sourceId }).from(articles).all();
    expect(stored.map((s) => s.sourceId)).toEqual([good.input.sourceId]);
  });

  it('never reads a file over the size limit', async () => {
    let read = false;
    const { lines } = await run(
      [
        {
          path: 'huge.txt',
          size: 300 * 1024,
          read: async () => {
            read = true;
            return new Uint8Array(300 * 1024);
          },
        },
      ],
      256 * 1024,
    );
    expect(read).toBe(false);
    expect(lines).toEqual([
      'rejected     huge.txt  size: 300 KiB is over the 256 KiB limit; expected a smaller file (split the article)',
    ]);
  });

  it('leaves the stored version alone when a later version of the file is rejected', async () => {
    const article = generateArticle(20, 7);
    await run([doc('a.txt', article.text)]);
    const before = await db
      .select()
      .from(articles)
      .where(eq(articles.sourceId, article.input.sourceId))
      .get();

    const broken = article.text
      .replace(article.input.title, `${article.input.title} v2`)
      .replace(/quality: \d+/, 'quality: 101');
    const { summary, lines } = await run([doc('a.txt', broken)]);
    expect(summary.rejected).toBe(1);
    expect(lines[0]).toMatch(
      /^rejected {5}a\.txt:\d+ {2}score\.quality: expected a number from 0 to 100, got 101$/,
    );
    const after = await db
      .select()
      .from(articles)
      .where(eq(articles.sourceId, article.input.sourceId))
      .get();
    expect(after).toEqual(before);
  });

  it('rejects a Markdown slug that another article owns, naming the owner', async () => {
    const owner = generateArticle(30, 7);
    const { outcomes } = await run([doc('owner.txt', owner.text)]);
    const taken = outcomes[0]?.status === 'created' ? outcomes[0].slug : '';
    const { lines, summary } = await run([
      doc('posts/clash.md', `---\ntitle: Another post\nslug: ${taken}\n---\nBody.`),
      doc('posts/fine.md', '---\ntitle: A fine post\n---\nBody.'),
    ]);
    expect(lines).toEqual([
      `rejected     posts/clash.md  slug: "${taken}" already belongs to article ${owner.input.sourceId}; expected a slug no other article uses`,
      'created      posts/fine.md → /posts/fine',
    ]);
    expect(summary).toMatchObject({ created: 1, rejected: 1 });
    const clash = await db
      .select()
      .from(articles)
      .where(eq(articles.sourceId, `md:${taken}`))
      .get();
    expect(clash).toBeUndefined();
  });
});

describe('import: template syntax in a Markdown body', () => {
  it('imports the article without it and names each one with its file line', async () => {
    const text = [
      '---',
      'title: Shortcodes here',
      'slug: shortcodes-here',
      '---',
      'Intro.',
      '',
      '{{< youtube abc >}}',
      '',
      'Also {{ .Site.Title }} inline, but `{{ code }}` is fine.',
    ].join('\n');
    const { lines, outcomes } = await run([doc('posts/shortcodes.md', text)]);
    expect(outcomes[0]?.status).toBe('created');
    expect(lines).toEqual([
      'created      posts/shortcodes.md → /posts/shortcodes-here',
      'warning      posts/shortcodes.md:7  template syntax "{{< youtube abc >}}" is not supported here; removed',
      'warning      posts/shortcodes.md:9  template syntax "{{ .Site.Title }}" is not supported here; removed',
    ]);
  });
});
