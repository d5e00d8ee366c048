/**
 * Issue 19 item 6: what a source file's characters and dates may do to a page. Control
 * characters (raw, or from a front-matter escape) are refused with file, line and field; bidi
 * and zero-width characters are removed from titles, summaries and tags with a warning; a date
 * beyond the horizon is refused. Each is checked through the importer and the Worker's pages.
 */
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { generateArticle } from '../../scripts/lib/generator.ts';
import { createDb } from '../../src/db/client.ts';
import { articles } from '../../src/db/schema.ts';
import { formatOutcome } from '../../src/import/report.ts';
import {
  type FileOutcome,
  type ImportOptions,
  importDocuments,
} from '../../src/import/run-import.ts';
import wxr from '../fixtures/wordpress/export.xml?raw';
import { doc } from './documents.ts';

const db = createDb(env.DB);
const now = new Date('2026-11-01T12:00:00Z');

async function run(documents: ReturnType<typeof doc>[], options: ImportOptions = {}) {
  const outcomes: FileOutcome[] = [];
  const summary = await importDocuments(db, documents, {
    now,
    ...options,
    onFile: (o) => outcomes.push(o),
  });
  return { summary, outcomes, lines: outcomes.flatMap((o) => formatOutcome(o, false)) };
}

async function page(path: string): Promise<string> {
  const response = await exports.default.fetch(`https://alphanode.test${path}`);
  expect(response.status, path).toBe(200);
  return response.text();
}

function post(slug: string, frontMatter: string, body = 'A body of a few words.') {
  return doc(`chars/${slug}.md`, `---\n${frontMatter}\n---\n${body}\n`);
}

/** A control character other than tab, newline and carriage return (HTML's own line breaks). */
const CONTROL = /[^\P{Cc}\t\n\r]/u;
const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200B\u200C\u2060\uFEFF]/u;

describe('control characters are refused with file, line and field', () => {
  it('from YAML, TOML and JSON escapes, and raw in a body or an alphanode export', async () => {
    const alphanode = generateArticle(40, 19);
    const rawC1 = alphanode.text.replace(
      alphanode.input.summary,
      `${alphanode.input.summary}\u0085`,
    );
    const { lines, summary } = await run([
      post('yaml-nul', 'title: "Bad\\0title"\ndate: 2024-05-01'),
      doc(
        'chars/toml-bel.md',
        '+++\ntitle = "Fine"\ndescription = "ring \\u0007 bell"\n+++\nBody.\n',
      ),
      doc('chars/json-esc.md', '{\n  "title": "Fine",\n  "tags": ["ok", "esc\\u001b"]\n}\nBody.\n'),
      post('raw-body', 'title: Fine', 'First line.\n\nSecond \u0001 line.'),
      doc('chars/c1.txt', rawC1),
    ]);
    const before = rawC1.slice(0, rawC1.indexOf('\u0085'));
    const c1Line = before.split('\n').length;
    const c1Column = before.length - before.lastIndexOf('\n');
    expect(lines).toEqual([
      'rejected     chars/yaml-nul.md:2  title: contains the control character U+0000 (NUL) at character 4; expected text (remove it, or check the escapes in the front matter)',
      'rejected     chars/toml-bel.md:3  summary: contains the control character U+0007 (BEL) at character 6; expected text (remove it, or check the escapes in the front matter)',
      'rejected     chars/json-esc.md:3  tags: contains the control character U+001B (escape) at character 4; expected text (remove it, or check the escapes in the front matter)',
      'rejected     chars/raw-body.md:6  content: control character U+0001 at column 8; expected text (remove it; a C1 character often means text that was decoded twice)',
      `rejected     chars/c1.txt:${c1Line}  content: control character U+0085 at column ${c1Column}; expected text (remove it; a C1 character often means text that was decoded twice)`,
    ]);
    expect(summary.rejected).toBe(5);
    expect(await db.select().from(articles).all()).toEqual([]);
  });

  it('a character reference in a body never reaches the page as a control character', async () => {
    const { outcomes } = await run([
      post(
        'entity-body',
        'title: Entities\ndate: 2024-05-02',
        'NUL &#0; SOH &#1; DEL &#127; NEL &#133; end.',
      ),
    ]);
    // The Markdown pipeline turns these references into text that is no control character
    // (U+FFFD, or the character escaped again), so the article is stored and its page is clean.
    expect(outcomes[0]).toMatchObject({ status: 'created', slug: 'entity-body' });
    const html = await page('/posts/entity-body');
    expect(html).not.toMatch(CONTROL);
    expect(html).toContain('end.');
  });
});

describe('bidi and zero-width characters are neutralised in what a reader scans', () => {
  it('removes them from title, summary and tags with a warning, in every format', async () => {
    const wordpress = wxr.replace(
      '<title><![CDATA[Vacuum is not optional]]></title>',
      '<title><![CDATA[Vacuum is\u2066 not\u200B optional]]></title>',
    );
    const { lines } = await run([
      post(
        'spoof',
        'title: "Safe\\u202Egnp.exe"\ndescription: "Looks\\u200B fine"\ndate: 2024-05-03\ntags: ["ru\\u200Dst", "👩\\u200D💻"]',
      ),
      doc('chars/export.xml', wordpress),
    ]);
    expect(lines.filter((l) => !l.includes('export.xml#'))).toEqual([
      'created      chars/spoof.md → /posts/spoof',
      'warning      chars/spoof.md:2  removed U+202E (right-to-left override) from the title: invisible characters that change how it reads',
      'warning      chars/spoof.md:3  removed U+200B (zero-width space) from the summary: invisible characters that change how it reads',
      // The topic is the first tag when none is given: it is cleaned as well.
      'warning      chars/spoof.md:5  removed U+200D (zero-width joiner) from the topic: invisible characters that change how it reads',
      'warning      chars/spoof.md:5  removed U+200D (zero-width joiner) from the tags: invisible characters that change how it reads',
    ]);
    expect(lines).toContain(
      'warning      chars/export.xml#12  removed U+2066 (bidi control), U+200B (zero-width space) from the title: invisible characters that change how it reads',
    );
    const stored = await env.DB.prepare(
      "select title, summary from articles where slug in ('spoof', 'vacuum-is-not-optional') order by slug",
    ).all();
    expect(stored.results).toEqual([
      { title: 'Safegnp.exe', summary: 'Looks fine' },
      {
        title: 'Vacuum is not optional',
        summary: 'Why our table grew tenfold, and the transaction that caused it.',
      },
    ]);
    const html = await page('/posts/spoof');
    expect(html).toContain('Safegnp.exe');
    // An emoji's joiner stays: it is part of the character a reader sees.
    expect(html).toContain('👩\u200D💻');
    for (const path of ['/', '/feed.xml', '/sitemap.xml', '/posts/spoof', '/tags/rust']) {
      expect(await page(path), path).not.toMatch(INVISIBLE);
    }
  });
});

describe('a date beyond the horizon is refused, never pinned to the top', () => {
  it('rejects 9999-12-31 with its line; home and the feed keep the newest real article first', async () => {
    const { lines } = await run([
      post('today', 'title: Written today\ndate: 2026-11-01'),
      post('far', 'title: Far away\ndate: 9999-12-31'),
      post('far-lastmod', 'title: Touched later\ndate: 2026-10-01\nlastmod: 2100-01-01'),
      post('tomorrow', 'title: Dated tomorrow\ndate: 2026-11-02T09:00:00Z'),
    ]);
    expect(lines).toEqual([
      'created      chars/today.md → /posts/today',
      'rejected     chars/far.md:3  date: "9999-12-31" is 2912138 days after the import (2026-11-01); expected a date at most 1 day ahead (a later date would put the article first on the home page and in the feed; import it when it is due, or raise the limit with --future-days)',
      'rejected     chars/far-lastmod.md:4  lastmod: "2100-01-01" is 26724 days after the import (2026-11-01); expected a date at most 1 day ahead (a later date would put the article first on the home page and in the feed; import it when it is due, or raise the limit with --future-days)',
      'created      chars/tomorrow.md → /posts/tomorrow',
    ]);
    const home = await page('/');
    const feed = await page('/feed.xml');
    expect(home).not.toContain('Far away');
    expect(feed).not.toContain('Far away');
    expect(home.indexOf('Dated tomorrow')).toBeLessThan(home.indexOf('Written today'));
  });

  it('the horizon is configurable (futureDays, the CLI --future-days)', async () => {
    const { lines } = await run([post('next-month', 'title: Next month\ndate: 2026-11-20')], {
      futureDays: 30,
    });
    expect(lines).toEqual(['created      chars/next-month.md → /posts/next-month']);
    const strict = await run([post('in-an-hour', 'title: Soon\ndate: 2026-11-01T13:00:00Z')], {
      futureDays: 0,
    });
    expect(strict.summary.rejected).toBe(1);
  });
});
