/**
 * Topic tags (Markdown tags, categories, keywords): on cards and article pages, listed at
 * /tags/<name>, found by search, and invalidated with the listings they appear on.
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.ts';
import { importDocuments } from '../../src/import/run-import.ts';
import hugoPost from '../fixtures/hugo/content/posts/goroutine-leaks.md?raw';
import { doc } from '../import/documents.ts';

async function page(path: string): Promise<{ status: number; html: string }> {
  const res = await exports.default.fetch(`https://alphanode.test${path}`, {
    headers: { authorization: 'Bearer bypass-the-edge-cache' },
  });
  return { status: res.status, html: await res.text() };
}

let tagsInvalidated: string[] = [];

beforeAll(async () => {
  const summary = await importDocuments(createDb(env.DB), [
    doc('content/posts/goroutine-leaks.md', hugoPost),
  ]);
  expect(summary.created).toBe(1);
  tagsInvalidated = summary.invalidation?.tags ?? [];
});

describe('topic tags', () => {
  it('are shown on the card, linking to their listing', async () => {
    const { html } = await page('/');
    expect(html).toContain('<span class="visually-hidden">Topics:</span><ul class="tags topics">');
    expect(html).toContain('<a href="/tags/debugging">debugging</a>');
  });

  it('are shown on the article page and as article:tag', async () => {
    const { html } = await page('/posts/goroutine-leaks');
    expect(html).toContain('<a href="/tags/pprof">pprof</a>');
    expect(html).toContain('<meta property="article:tag" content="Backend"/>');
  });

  it('have their own listing, and are not stack entries', async () => {
    const listing = await page('/tags/debugging');
    expect(listing.status).toBe(200);
    expect(listing.html).toContain('Topic: debugging');
    expect(listing.html).toContain('Finding goroutine leaks in production');
    expect((await page('/stack/go')).status).toBe(404);
    expect((await page('/tags/no-such-topic')).status).toBe(404);
  });

  it('are searchable', async () => {
    // "debugging" is only a tag: the body never says it.
    expect(hugoPost.split('---')[2]).not.toContain('debugging');
    const { html } = await page('/search?q=debugging');
    expect(html).toContain('Finding goroutine leaks in production');
  });

  it('invalidate their listings when an article changes', () => {
    expect(tagsInvalidated).toEqual(
      expect.arrayContaining(['tag:go', 'tag:debugging', 'tag:pprof', 'tag:backend']),
    );
  });
});
