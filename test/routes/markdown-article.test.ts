/**
 * A real Markdown post (the Rust blog's "Updating musl targets", with no description) served
 * through the Worker: the body as rendered at import (tables, links, headings with a table of
 * contents), no lede repeating the first paragraph, and a meta box without empty or zero fields.
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/content/markdown.ts';
import { writeArticle } from '../../src/db/article-writer.ts';
import { createDb } from '../../src/db/client.ts';
import { splitPost } from '../content/render/helpers.ts';
import post from '../fixtures/rust-blog/Updating-musl-targets.md?raw';
import { inspectHtml, type PageInfo } from '../helpers/html.ts';

const { body } = splitPost(post);
const markdown = `---\ntitle: Updating Rust's Linux musl targets\nslug: musl-targets\ndate: 2023-05-09\nauthors: [Wesley Wiser]\n---\n${body}`;

describe('a real Markdown post on its page', () => {
  let html = '';
  let page: PageInfo;

  beforeAll(async () => {
    const parsed = parseMarkdown(markdown, 'content/Updating-musl-targets.md');
    if (!parsed.ok) {
      throw new Error(JSON.stringify(parsed.errors));
    }
    await writeArticle(createDb(env.DB), parsed.article, { now: new Date('2026-01-01T00:00:00Z') });
    const res = await exports.default.fetch('https://alphanode.test/posts/musl-targets');
    expect(res.status).toBe(200);
    html = await res.text();
    page = await inspectHtml(html, ['.meta-box', '.eyebrow', 'header', 'nav.toc']);
  });

  it('serves the body as rendered: tables, links, demoted headings with ids', () => {
    const tags = page.elements.map((e) => e.tag);
    expect(tags.filter((t) => t === 'h1')).toHaveLength(1);
    expect(tags).toContain('table');
    expect(page.elements.some((e) => e.tag === 'a' && e.attrs.href?.startsWith('https://'))).toBe(
      true,
    );
    const headings = page.elements.filter((e) => e.tag === 'h2' && e.attrs.id?.startsWith('will-'));
    expect(headings).toHaveLength(1);
    // Two headings: too few for a table of contents (three or more get one).
    expect(page.elements.some((e) => e.tag === 'nav' && e.attrs.class === 'toc')).toBe(false);
    expect(html).not.toContain('&lt;table');
  });

  it('shows no lede when the post has no description, and no URLs in its meta description', () => {
    expect(page.elements.some((e) => e.attrs.class === 'lede')).toBe(false);
    const description = page.elements.find(
      (e) => e.tag === 'meta' && e.attrs.name === 'description',
    );
    expect(description?.attrs.content).toMatch(/^Beginning with Rust 1\.71/);
    expect(description?.attrs.content).not.toMatch(/\(https?:|https?:\/\//);
  });

  it('draws no empty or zero field in the meta box, and no dangling separator', () => {
    const meta = page.text['.meta-box'] ?? '';
    expect(meta).toContain('About this article');
    expect(html).not.toContain('<meter');
    expect(meta).not.toContain('view count');
    expect(meta).not.toContain('none');
    expect(meta).not.toContain('scores');
    expect(meta).not.toContain('flags');
    expect(page.elements.some((e) => e.tag === 'a' && e.attrs.href === '/difficulty/')).toBe(false);
    expect(page.text['.eyebrow']?.trim()).toMatch(/^\d+ min read$/);
    const dds = [...html.matchAll(/<dd>(.*?)<\/dd>/g)].map((m) => m[1]);
    expect(dds.filter((dd) => dd === '' || dd === '0')).toEqual([]);
  });
});
