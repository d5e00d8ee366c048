import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeArticle } from '../../src/db/article-writer.ts';
import { createDb } from '../../src/db/client.ts';
import { articleVariant, writeAll } from '../fixtures/articles.ts';
import { SEED_SLUG, seedArticle } from '../fixtures/seed-article.ts';

const SITE = 'http://localhost:8787';
const db = createDb(env.DB);

function get(path: string, headers: Record<string, string> = {}) {
  return exports.default.fetch(`https://alphanode.test${path}`, { headers });
}

const reviewed = {
  flags: { ...seedArticle.flags, aiGeneratedStyle: false },
  revision: { ...seedArticle.revision, status: 'published' },
};

describe('feeds and crawler files', () => {
  beforeAll(async () => {
    await writeAll(db, [
      seedArticle, // AI-style and only drafted: noindex
      ...Array.from({ length: 23 }, (_, i) => articleVariant(i + 1, { ...reviewed })),
      articleVariant(30, { ...reviewed, title: 'tom & jerry <3 "xml"' }),
      articleVariant(31, { ...reviewed, flags: { ...reviewed.flags, needsHumanReview: true } }),
      articleVariant(32, { ...reviewed, draft: true }),
    ]);
  });

  it('GET /feed.xml is RSS 2.0 with the 20 newest indexable articles, absolute links and RFC 822 dates', async () => {
    const res = await get('/feed.xml', { 'X-Forwarded-Host': 'evil.example' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const xml = await res.text();
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"')).toBe(true);
    expect(xml).not.toContain('evil.example');
    expect(xml.match(/<item>/g)).toHaveLength(20);
    // 32 (a draft) and 31 (needs review) are newer but noindex, so the feed starts at 30.
    expect(xml).not.toContain('fixture-article-32');
    expect(xml).not.toContain('fixture-article-31');
    expect(xml).toContain(`<link>${SITE}/posts/tom-jerry-3-xml</link>`);
    expect(xml).toContain('<pubDate>Fri, 31 Jan 2025 00:00:00 GMT</pubDate>'); // article 30
    expect(xml).toContain(`<atom:link href="${SITE}/feed.xml" rel="self"`);
  });

  it('lists in the feed only articles the sitemap lists', async () => {
    const feed = await (await get('/feed.xml')).text();
    const sitemap = await (await get('/sitemap.xml')).text();
    const feedLinks = [...feed.matchAll(/<item>[\s\S]*?<link>([^<]+)<\/link>/g)].map((m) => m[1]);
    const sitemapLocs = new Set([...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]));
    expect(feedLinks).toHaveLength(20);
    expect(feedLinks.filter((link) => !sitemapLocs.has(link))).toEqual([]);
  });

  it('escapes titles as XML', async () => {
    const xml = await (await get('/feed.xml')).text();
    expect(xml).toContain('<title>tom &amp; jerry &lt;3 &quot;xml&quot;</title>');
  });

  it('GET /sitemap.xml lists only indexable articles, each with lastmod = updated_at', async () => {
    const res = await get('/sitemap.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const xml = await res.text();
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toContain(`${SITE}/`);
    expect(locs).toContain(`${SITE}/posts/fixture-article-1-about-safer-deployment-steps`);
    expect(locs).toContain(`${SITE}/posts/tom-jerry-3-xml`);
    expect(locs).toHaveLength(1 + 24);
    // AI-style/drafted, needs review, draft: all kept out.
    expect(xml).not.toContain(SEED_SLUG);
    expect(xml).not.toContain('fixture-article-31-');
    expect(xml).not.toContain('fixture-article-32-');
    const stored = await env.DB.prepare('select updated_at from articles where source_id = ?')
      .bind('fixture-0001')
      .first<string>('updated_at');
    expect(xml).toContain(
      `<loc>${SITE}/posts/fixture-article-1-about-safer-deployment-steps</loc><lastmod>${stored}</lastmod>`,
    );
  });

  it('moves lastmod only when the content changes', async () => {
    const input = articleVariant(40, { ...reviewed, publishedAt: null });
    const slug = 'fixture-article-40-about-safer-deployment-steps';
    const lastmod = async () =>
      (await (await get('/sitemap.xml')).text()).match(
        new RegExp(`${slug}</loc><lastmod>([^<]+)</lastmod>`),
      )?.[1];
    await writeArticle(db, input, { now: new Date('2026-02-01T00:00:00Z') });
    expect(await lastmod()).toBe('2026-02-01T00:00:00.000Z');
    await writeArticle(db, input, { now: new Date('2026-03-01T00:00:00Z') });
    expect(await lastmod()).toBe('2026-02-01T00:00:00.000Z');
    await writeArticle(
      db,
      { ...input, summary: 'a changed summary' },
      {
        now: new Date('2026-04-01T00:00:00Z'),
      },
    );
    expect(await lastmod()).toBe('2026-04-01T00:00:00.000Z');
  });

  it('GET /robots.txt points crawlers at the sitemap on the configured site', async () => {
    const res = await get('/robots.txt', { Host: 'evil.example' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('User-agent: *');
    expect(text).toContain(`Sitemap: ${SITE}/sitemap.xml`);
    expect(text).toContain('Disallow: /search');
  });
});
