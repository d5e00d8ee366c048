/**
 * Issue 19 item 4: the slug limit holds for the slug an article is finally stored under, collision
 * suffix included. Every slug the site lists (home, feed, sitemap) must be one the article route
 * answers, so a long title that collides gets a shortened base, never a 201+ character URL.
 */
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { generateArticle } from '../../scripts/lib/generator.ts';
import {
  collisionSlug,
  isPlausibleSlug,
  MAX_SLUG_LENGTH,
  slugify,
} from '../../src/content/slug.ts';
import { planArticleWrite, UnroutableSlugError } from '../../src/db/article-writer.ts';
import { createDb } from '../../src/db/client.ts';
import { articles } from '../../src/db/schema.ts';
import { type FileOutcome, importDocuments } from '../../src/import/run-import.ts';
import { doc } from './documents.ts';

const db = createDb(env.DB);
const now = new Date('2026-11-01T12:00:00Z');

function get(path: string) {
  return exports.default.fetch(`https://alphanode.test${path}`);
}

/** Every /posts/<slug> a page links to. */
function postSlugs(html: string): string[] {
  return [...html.matchAll(/\/posts\/([a-z0-9-]+)/g)].map((m) => m[1] as string);
}

/** A generated alphanode export under another title (the title is its first line). */
function withTitle(index: number, title: string) {
  const { text, input } = generateArticle(index, 19);
  return { input, doc: doc(`long/${input.sourceId}.txt`, text.replace(input.title, title)) };
}

describe('slug limits apply to the final slug, collision suffix included', () => {
  it('collisionSlug shortens the base so the suffix fits the limit', () => {
    const base = 'a'.repeat(MAX_SLUG_LENGTH);
    const slug = collisionSlug(base, 'alphanode-000123');
    expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(slug.endsWith('-000123')).toBe(true);
    expect(isPlausibleSlug(slug)).toBe(true);
    // Short slugs are unchanged (stable across imports).
    expect(collisionSlug('my-post', 'alphanode-000989')).toBe('my-post-000989');
  });

  it('two articles with one 200-character slug are both stored at URLs the route answers', async () => {
    // Words of 9 letters and a hyphen: the slug is cut at 200 characters on a word edge.
    const title = Array.from({ length: 30 }, (_, i) => `segment${String(i).padStart(2, '0')}`).join(
      ' ',
    );
    expect(slugify(title).length).toBeGreaterThan(190);
    const first = withTitle(1, title);
    const second = withTitle(2, title);
    const outcomes: FileOutcome[] = [];
    await importDocuments(db, [first.doc], { now, onFile: (o) => outcomes.push(o) });
    await importDocuments(db, [second.doc], { now, onFile: (o) => outcomes.push(o) });

    expect(outcomes.map((o) => o.status)).toEqual(['created', 'created']);
    const stored = await db.select({ slug: articles.slug }).from(articles).all();
    for (const { slug } of stored) {
      expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    }

    const listed = new Set<string>();
    for (const page of ['/', '/feed.xml', '/sitemap.xml']) {
      const response = await get(page);
      expect(response.status).toBe(200);
      for (const slug of postSlugs(await response.text())) {
        listed.add(slug);
      }
    }
    expect([...listed].sort()).toEqual(stored.map((s) => s.slug).sort());
    for (const slug of listed) {
      const response = await get(`/posts/${slug}`);
      expect(response.status, `/posts/${slug}`).toBe(200);
      await response.body?.cancel();
    }
  });
});

describe('the writer refuses a slug the route would not answer', () => {
  it('throws UnroutableSlugError rather than plan a row at an unreachable URL', () => {
    const { input } = generateArticle(3, 19);
    const plan = () =>
      planArticleWrite(
        db,
        { ...input, slug: 'x'.repeat(MAX_SLUG_LENGTH + 1) },
        { hash: 'h', existing: null, ownerOf: () => undefined, now },
      );
    expect(plan).toThrow(UnroutableSlugError);
  });
});
