/**
 * A whole run over real front-matter conventions: what is created, what is skipped and why,
 * how two files wanting one slug are settled, and the old URLs stored as redirects.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.ts';
import { formatOutcome, formatSkipLine } from '../../src/import/report.ts';
import { type FileOutcome, importDocuments } from '../../src/import/run-import.ts';
import hugoPost from '../fixtures/hugo/content/posts/goroutine-leaks.md?raw';
import hugoStub from '../fixtures/hugo/content/posts/json-rpc.md?raw';
import zolaRoot from '../fixtures/zola/content/_index.md?raw';
import zolaAllHands from '../fixtures/zola/content/all-hands.md?raw';
import zolaBundle from '../fixtures/zola/content/GATs-stabilization-push/index.md?raw';
import zolaInsideIndex from '../fixtures/zola/content/inside-rust/_index.md?raw';
import zolaInsideAllHands from '../fixtures/zola/content/inside-rust/all-hands.md?raw';
import zolaRelease from '../fixtures/zola/content/Rust-1.26.md?raw';
import zolaReleasesIndex from '../fixtures/zola/content/releases/_index.md?raw';
import zolaLatest from '../fixtures/zola/content/releases/latest.md?raw';
import { doc } from './documents.ts';

const now = new Date('2026-11-01T12:00:00Z');
const db = createDb(env.DB);

function inDir(dir: string, files: Record<string, string>) {
  return Object.entries(files).map(([relative, text]) => ({
    ...doc(`${dir}/${relative}`, text),
    relativePath: relative,
  }));
}

async function run(documents: ReturnType<typeof doc>[]) {
  const outcomes: FileOutcome[] = [];
  const summary = await importDocuments(db, documents, { now, onFile: (o) => outcomes.push(o) });
  return { summary, outcomes, lines: outcomes.flatMap((o) => formatOutcome(o, false)) };
}

async function redirectsOf(slug: string): Promise<string[]> {
  const rows = await env.DB.prepare(
    'select r.path from redirects r join articles a on a.id = r.article_id where a.slug = ? order by r.path',
  )
    .bind(slug)
    .all<{ path: string }>();
  return rows.results.map((r) => r.path);
}

const zola = inDir('zola', {
  '_index.md': zolaRoot,
  'GATs-stabilization-push/index.md': zolaBundle,
  'Rust-1.26.md': zolaRelease,
  'all-hands.md': zolaAllHands,
  'inside-rust/_index.md': zolaInsideIndex,
  'inside-rust/all-hands.md': zolaInsideAllHands,
  'releases/_index.md': zolaReleasesIndex,
  'releases/latest.md': zolaLatest,
});

describe('import: a Zola site (the Rust blog)', () => {
  it('imports the posts, skips section and template pages with reasons, and a re-run writes 0 rows', async () => {
    const first = await run(zola);
    expect(first.summary).toMatchObject({ created: 4, skipped: 4, rejected: 0 });
    expect(formatSkipLine(first.summary)).toBe(
      'skipped: 3 section pages, 1 template page (--verbose lists them)',
    );
    expect(first.lines).toContain(
      'skipped      zola/releases/latest.md  template page without a date (it has a layout/template key)',
    );
    expect(first.summary.qualifiedSlugs).toEqual([
      { path: 'zola/inside-rust/all-hands.md', slug: 'inside-rust-all-hands' },
    ]);
    expect(first.lines).toContain('created      zola/all-hands.md → /posts/all-hands');

    const again = await run(zola);
    expect(again.summary).toMatchObject({ created: 0, unchanged: 4, skipped: 4, rowsWritten: 0 });
  });

  it('stores `path` and `aliases` as redirects to the article', async () => {
    expect(await redirectsOf('rust-1-26')).toEqual(['/2018/05/10/Rust-1.26', '/releases/1.26.0']);
    expect(await redirectsOf('inside-rust-all-hands')).toEqual([
      '/inside-rust/2024/09/02/all-hands',
    ]);
  });
});

describe('import: slugs two files want', () => {
  it('rejects both files, naming each other, when no folder tells them apart', async () => {
    const { lines, summary } = await run(
      inDir('site', {
        'clash-a.md': '---\ntitle: A\nslug: same-name\n---\nA.',
        'same-name.md': '---\ntitle: B\n---\nB.',
      }),
    );
    expect(summary).toMatchObject({ created: 0, rejected: 2 });
    expect(lines).toEqual([
      'rejected     site/clash-a.md  slug: "same-name" is also the slug of site/same-name.md; expected one file per slug (give one of them a "slug" field; none of these files was imported)',
      'rejected     site/same-name.md  slug: "same-name" is also the slug of site/clash-a.md; expected one file per slug (give one of them a "slug" field; none of these files was imported)',
    ]);
  });
});

describe('import: redirect stubs and old URLs', () => {
  it('turns a redirect stub into an alias of its target', async () => {
    const { summary, lines } = await run(
      inDir('hugo', { 'posts/goroutine-leaks.md': hugoPost, 'posts/json-rpc.md': hugoStub }),
    );
    expect(summary).toMatchObject({ created: 1, skipped: 1, rejected: 0 });
    expect(lines).toContain(
      'skipped      hugo/posts/json-rpc.md  redirect stub to /posts/goroutine-leaks: its URLs redirect to /posts/goroutine-leaks',
    );
    expect(await redirectsOf('goroutine-leaks')).toEqual([
      '/blog/2024/04/goroutine-leaks',
      '/blog/goroutine-leaks',
      '/posts/json-rpc',
    ]);
  });

  it('rejects a stub whose target is no imported article', async () => {
    const { lines } = await run([doc('stub.md', '---\nredirect: /blog/nowhere\n---\n')]);
    expect(lines).toEqual([
      'rejected     stub.md  redirect: "/blog/nowhere" is not the URL of an article in this import; expected the path of one (its old URL, /posts/<slug>, or its file\'s path)',
    ]);
  });

  it('rejects old URLs that would hide a page, loop, or belong to two articles', async () => {
    const { lines, summary } = await run([
      doc('o/shadow.md', '---\ntitle: S\naliases: [/search/]\n---\nx'),
      doc('o/loop.md', '---\ntitle: L\naliases: [/posts/loop/]\n---\nx'),
      doc('o/one.md', '---\ntitle: One\naliases: [/old/shared.html]\n---\nx'),
      doc('o/two.md', '---\ntitle: Two\naliases: [/old/shared]\n---\nx'),
      doc('o/hides.md', '---\ntitle: H\naliases: [/posts/all-hands]\n---\nx'),
      doc('o/fine.md', '---\ntitle: F\naliases: [/old/fine]\n---\nx'),
    ]);
    expect(summary).toMatchObject({ created: 1, rejected: 5 });
    expect(lines).toEqual([
      'rejected     o/shadow.md  aliases: "/search" would hide the site\'s own page at that URL; expected an old URL of this article',
      'rejected     o/loop.md  aliases: "/posts/loop" is this article\'s own URL: the redirect would loop',
      'rejected     o/one.md  aliases: "/old/shared" is also an old URL of o/two.md; expected each old URL in one article',
      'rejected     o/two.md  aliases: "/old/shared" is also an old URL of o/one.md; expected each old URL in one article',
      'rejected     o/hides.md  aliases: "/posts/all-hands" would hide the article md:zola/all-hands.md; expected an old URL of this article',
      'created      o/fine.md → /posts/fine',
    ]);
  });

  it('rejects an old URL another stored article already has', async () => {
    const { lines } = await run([
      doc('late/copy.md', '---\ntitle: Copy\naliases: [/releases/1.26.0]\n---\nx'),
    ]);
    expect(lines).toEqual([
      'rejected     late/copy.md  aliases: "/releases/1.26.0" already redirects to article md:zola/Rust-1.26.md; expected each old URL in one article',
    ]);
  });
});
