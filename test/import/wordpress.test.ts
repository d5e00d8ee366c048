/**
 * A WordPress export: the published post is imported through the HTML pipeline with
 * WordPress's auto-paragraphs, the draft, page and attachment are skipped with counts, and the
 * old permalink and /?p=ID answer 301 through the Worker.
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { autop } from '../../src/content/wordpress.ts';
import { createDb } from '../../src/db/client.ts';
import { formatOutcome, formatSkipLine } from '../../src/import/report.ts';
import {
  type FileOutcome,
  type ImportSummary,
  importDocuments,
} from '../../src/import/run-import.ts';
import wxr from '../fixtures/wordpress/export.xml?raw';
import { doc } from './documents.ts';

let summary: ImportSummary;
const lines: string[] = [];

beforeAll(async () => {
  summary = await importDocuments(createDb(env.DB), [doc('exports/fieldnotes.xml', wxr)], {
    onFile: (o: FileOutcome) => lines.push(...formatOutcome(o, false)),
  });
});

describe('WordPress export (WXR)', () => {
  it('imports the published post and skips the draft, the page and the attachment', () => {
    expect(summary).toMatchObject({ files: 4, created: 1, skipped: 3, rejected: 0 });
    expect(formatSkipLine(summary)).toBe(
      'skipped: 1 draft, 1 page, 1 attachment (--verbose lists them)',
    );
    expect(lines[0]).toBe('created      exports/fieldnotes.xml#12 → /posts/vacuum-is-not-optional');
  });

  it('keeps title, author, dates, terms and excerpt', async () => {
    const row = await env.DB.prepare(
      "select title, author, created_at, updated_at, summary, format from articles where slug = 'vacuum-is-not-optional'",
    ).first();
    expect(row).toEqual({
      title: 'Vacuum is not optional',
      author: 'maria',
      created_at: '2024-05-06T14:03:11.000Z',
      updated_at: '2024-05-08T07:00:00.000Z',
      summary: 'Why our table grew tenfold, and the transaction that caused it.',
      format: 'wordpress',
    });
    const tags = await env.DB.prepare(
      "select name from article_tags t join articles a on a.id = t.article_id where a.slug = 'vacuum-is-not-optional' and t.kind = 'tag' order by t.position",
    ).all<{ name: string }>();
    expect(tags.results.map((t) => t.name)).toEqual(['PostgreSQL', 'vacuum']);
  });

  it('renders the content with auto-paragraphs through the sanitizer and highlighter', async () => {
    const page = await exports.default.fetch('http://localhost:8787/posts/vacuum-is-not-optional');
    const html = await page.text();
    expect(html).toContain(
      '<p>Our largest table had grown to 40 GB while holding 3 GB of live rows.<br>',
    );
    expect(html).toContain('href="#finding-the-blocker"');
    // <pre> kept whole by the auto-paragraphs: its blank-line-free SQL stays one code block.
    expect(html).toMatch(/<pre[^>]*><code[^>]*>SELECT pid, xact_start\nFROM pg_stat_activity/);
    expect(html).not.toContain('<script>alert(1)</script>');
  });

  it('answers the old permalink and /?p=ID with a 301', async () => {
    for (const path of ['/2024/05/vacuum-is-not-optional/', '/?p=12']) {
      const res = await exports.default.fetch(`http://localhost:8787${path}`, {
        redirect: 'manual',
      });
      expect(res.status, path).toBe(301);
      expect(res.headers.get('location'), path).toBe('/posts/vacuum-is-not-optional');
    }
    const draft = await exports.default.fetch('http://localhost:8787/?p=14', {
      redirect: 'manual',
    });
    expect(draft.status).toBe(404);
  });
});

describe('autop', () => {
  it('makes paragraphs of blank-line blocks and <br> of single newlines, leaving blocks and <pre> alone', () => {
    expect(autop('One\ntwo\n\n<h2>Head</h2>\nThree\n\n<pre>a\n\nb</pre>')).toBe(
      '<p>One<br />\ntwo</p>\n<h2>Head</h2>\n<p>Three</p>\n<pre>a\n\nb</pre>',
    );
  });
});
