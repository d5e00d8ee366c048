/**
 * Front matter as Hugo, Zola, Jekyll and Astro write it, from files copied from real projects
 * (the Rust blog for Zola) or written the way those projects' own starters write them.
 */
import { describe, expect, it } from 'vitest';
import { type MarkdownResult, parseMarkdown } from '../../src/content/markdown.ts';
import type { ArticleInput } from '../../src/content/types.ts';
import astroPost from '../fixtures/astro/src/content/blog/first-post.md?raw';
import hugoSection from '../fixtures/hugo/content/posts/_index.md?raw';
import hugoPost from '../fixtures/hugo/content/posts/goroutine-leaks.md?raw';
import hugoStub from '../fixtures/hugo/content/posts/json-rpc.md?raw';
import hugoJson from '../fixtures/hugo/content/posts/scheduler-notes.md?raw';
import jekyllPost from '../fixtures/jekyll/_posts/2024-04-09-welcome-to-jekyll.markdown?raw';
import jekyllUnpublished from '../fixtures/jekyll/_posts/2024-05-20-unpublished.md?raw';
import jekyllAbout from '../fixtures/jekyll/about.markdown?raw';
import zolaRoot from '../fixtures/zola/content/_index.md?raw';
import zolaBundle from '../fixtures/zola/content/GATs-stabilization-push/index.md?raw';
import zolaRelease from '../fixtures/zola/content/Rust-1.26.md?raw';
import zolaLatest from '../fixtures/zola/content/releases/latest.md?raw';

function article(text: string, path: string): ArticleInput {
  const result = parseMarkdown(text, path, { relativePath: path });
  if (!result.ok) {
    throw new Error(JSON.stringify(result));
  }
  return result.article;
}

function skipOf(
  text: string,
  path: string,
): NonNullable<Extract<MarkdownResult, { ok: false }>['skip']> {
  const result = parseMarkdown(text, path, { relativePath: path });
  if (result.ok || !result.skip) {
    throw new Error(`expected ${path} to be skipped, got ${JSON.stringify(result)}`);
  }
  return result.skip;
}

describe('Zola (TOML between +++), from the Rust blog', () => {
  it('reads title, authors, the date in `path`, aliases and [extra]', () => {
    const post = article(zolaRelease, 'Rust-1.26.md');
    expect(post).toMatchObject({
      title: 'Announcing Rust 1.26',
      slug: 'rust-1-26',
      author: 'The Rust Core Team',
      publishedAt: '2018-05-10T00:00:00.000Z',
      modifiedAt: null,
      draft: false,
      extra: { release: true },
      redirects: ['/2018/05/10/Rust-1.26', '/releases/1.26.0'],
    });
  });

  it('names a page bundle after its folder', () => {
    const post = article(zolaBundle, 'GATs-stabilization-push/index.md');
    expect(post).toMatchObject({
      slug: 'gats-stabilization-push',
      title: 'The push for GATs stabilization',
      publishedAt: '2021-08-03T00:00:00.000Z',
      extra: {
        team: 'the Traits Working Group',
        team_url: 'https://www.rust-lang.org/governance/teams/compiler#wg-traits',
      },
    });
  });

  it('skips section pages and template pages without a date', () => {
    expect(skipOf(zolaRoot, '_index.md').kind).toBe('section page');
    expect(skipOf(zolaLatest, 'releases/latest.md').kind).toBe('template page');
  });

  it('reads [taxonomies] and `updated`', () => {
    const post = article(
      '+++\ntitle = "T"\ndate = 2024-05-01T10:00:00+02:00\nupdated = 2024-06-01\n[taxonomies]\ntags = ["rust", "async"]\ncategories = ["Releases"]\n+++\nBody.',
      'content/t.md',
    );
    expect(post).toMatchObject({
      publishedAt: '2024-05-01T08:00:00.000Z',
      modifiedAt: '2024-06-01T00:00:00.000Z',
      tags: ['rust', 'async', 'Releases'],
    });
  });
});

describe('Hugo (YAML and JSON)', () => {
  it('reads a non-padded date with an offset, lastmod, tags, categories, authors, aliases', () => {
    const post = article(hugoPost, 'posts/goroutine-leaks.md');
    expect(post).toMatchObject({
      slug: 'goroutine-leaks',
      publishedAt: '2024-04-09T08:15:00.000Z',
      modifiedAt: '2024-05-02T00:00:00.000Z',
      tags: ['go', 'debugging', 'pprof', 'Backend'],
      author: 'Rob Pike, Ada Lovelace',
      summary: "How pprof's goroutine profile found the leak our dashboards missed.",
      redirects: ['/blog/2024/04/goroutine-leaks', '/blog/goroutine-leaks'],
    });
  });

  it('reads JSON front matter: slug, draft, keywords and url', () => {
    const post = article(hugoJson, 'posts/scheduler-notes.md');
    expect(post).toMatchObject({
      slug: 'scheduler-notes',
      sourceId: 'md:scheduler-notes',
      draft: true,
      tags: ['go', 'scheduler'],
      redirects: ['/notes/scheduler'],
      publishedAt: '2024-06-01T08:00:00.000Z',
    });
    expect(post.sections[0]?.blocks[0]).toEqual({
      kind: 'paragraph',
      text: 'The Go scheduler multiplexes goroutines onto threads.',
    });
  });

  it('skips _index.md and turns a redirect stub into aliases of its target', () => {
    expect(skipOf(hugoSection, 'posts/_index.md').kind).toBe('section page');
    expect(skipOf(hugoStub, 'posts/json-rpc.md')).toEqual({
      kind: 'redirect stub',
      reason: 'redirect stub to /posts/goroutine-leaks',
      redirect: { target: '/posts/goroutine-leaks', from: ['/posts/json-rpc'] },
    });
  });
});

describe('Jekyll', () => {
  it('takes the date and slug from a dated file name, categories split on spaces', () => {
    const post = article(jekyllPost, '_posts/2024-04-09-welcome-to-jekyll.markdown');
    expect(post).toMatchObject({
      slug: 'welcome-to-jekyll',
      title: 'Welcome to Jekyll!',
      publishedAt: '2024-04-09T12:22:10.000Z',
      tags: ['jekyll', 'update'],
      redirects: ['/jekyll/update/2024/04/09/welcome-to-jekyll'],
    });
  });

  it('uses the file name date when the front matter has none, and published: false is a draft', () => {
    const post = article(jekyllUnpublished, '_posts/2024-05-20-unpublished.md');
    expect(post).toMatchObject({
      slug: 'unpublished',
      publishedAt: '2024-05-20T00:00:00.000Z',
      draft: true,
    });
  });

  it('skips a layout page without a date', () => {
    expect(skipOf(jekyllAbout, 'about.markdown').kind).toBe('template page');
  });
});

describe('Astro', () => {
  it('reads pubDate and updatedDate as the starter writes them', () => {
    const post = article(astroPost, 'src/content/blog/first-post.md');
    expect(post).toMatchObject({
      slug: 'first-post',
      publishedAt: '2022-07-08T00:00:00.000Z',
      modifiedAt: '2022-07-15T00:00:00.000Z',
      summary: 'Lorem ipsum dolor sit amet',
    });
  });
});

describe('skips and slugs', () => {
  it('skips README files and index pages without a date', () => {
    expect(skipOf('# About this folder\n\nNotes.', 'docs/README.md').kind).toBe('README');
    expect(skipOf('---\ntitle: Home\n---\nWelcome.', 'index.md').kind).toBe('index page');
  });

  it('never makes the slug from the title, and refuses a file name with nothing to slug', () => {
    expect(
      article('---\ntitle: A Completely Different Title\n---\nx', 'notes/cache-keys.md').slug,
    ).toBe('cache-keys');
    expect(article('---\ntitle: T\nslug: "Rust 1.26"\n---\nx', 'a.md').slug).toBe('rust-1-26');
    const result = parseMarkdown('---\ntitle: T\n---\nx', 'posts/日本.md');
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual([
      {
        field: 'slug',
        message:
          'the file name "日本" has no letters or digits to make a URL slug from; expected a "slug" field',
      },
    ]);
  });

  it('reports a truly invalid date in any format with its line', () => {
    const toml = parseMarkdown('+++\ntitle = "T"\n\ndate = "2024-02-30"\n+++\nx', 'a.md');
    expect(toml.ok ? [] : toml.errors).toEqual([
      {
        line: 4,
        field: 'date',
        message: 'expected a real date like 2024-05-01 or 2024-05-01T09:30:00Z, got "2024-02-30"',
      },
    ]);
    const json = parseMarkdown('{\n  "title": "T",\n  "pubDate": "someday"\n}\nx', 'a.md');
    expect(json.ok ? [] : json.errors).toMatchObject([{ line: 3, field: 'pubdate' }]);
  });
});
