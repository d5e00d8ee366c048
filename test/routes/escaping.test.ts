/**
 * An article whose every text field is hostile must reach every page as inert text: no element,
 * attribute or URL of the attacker's making, and the JSON-LD still parses to the exact title.
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ArticleInput } from '../../src/content/types.ts';
import { createDb } from '../../src/db/client.ts';
import { similarPosts } from '../../src/db/schema.ts';
import { articleVariant, writeAll } from '../fixtures/articles.ts';
import { inspectHtml, type PageInfo, urlsOf } from '../helpers/html.ts';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const JS_LINK = 'javascript:alert(1)';
const EVIL = `${SCRIPT} ${IMG} ${JS_LINK} </script><!-- \u2028`;

const hostile: ArticleInput = articleVariant(1, {
  title: `evil ${EVIL}`,
  summary: `summary ${EVIL}`,
  topic: EVIL,
  problem: EVIL,
  aiBrief: EVIL,
  outline: { context: EVIL, problem: EVIL, stack: EVIL, recommendedAction: EVIL },
  stack: [JS_LINK, SCRIPT, IMG],
  tools: [JS_LINK, IMG],
  codeLanguage: IMG,
  difficulty: JS_LINK,
  revision: { status: IMG, version: SCRIPT, lastReviewed: IMG },
  reference: SCRIPT,
  hash: IMG,
  checklist: [SCRIPT, IMG, JS_LINK],
  entities: [
    { name: SCRIPT, type: IMG },
    { name: JS_LINK, type: SCRIPT },
  ],
  payload: { sourceId: SCRIPT, generator: IMG, paragraphs: 1, scenario: JS_LINK, seed: null },
  notes: [SCRIPT, `[click](${JS_LINK})`],
  sections: [
    { heading: null, blocks: [{ kind: 'paragraph', text: `intro evil ${EVIL}` }] },
    {
      heading: SCRIPT,
      blocks: [
        { kind: 'list', items: [IMG, JS_LINK] },
        { kind: 'code', code: `${SCRIPT}\n${IMG}`, language: IMG },
      ],
    },
  ],
});

/** The same hostile title and summary on a reviewed article, which the feed lists. */
const hostileInFeed: ArticleInput = articleVariant(5, {
  title: `evil ${EVIL}`,
  summary: `summary ${EVIL}`,
  revision: { status: 'published', version: '1', lastReviewed: null },
  flags: { aiGeneratedStyle: false, hasImages: false, imageHeavy: false, needsHumanReview: false },
});

function get(path: string) {
  return exports.default.fetch(`https://alphanode.test${path}`);
}

/** Nothing the attacker wrote became markup. */
function expectInert(html: string, page: PageInfo) {
  expect(html).not.toContain(SCRIPT);
  expect(html).not.toContain('<img');
  // The stored body escapes "<" (as &#x3C;) but not ">" in text: that one form is inert text.
  expect(html.replaceAll('&#x3C;img src=x onerror=alert(1)>', '')).not.toContain('alert(1)>');
  expect(page.elements.some((e) => e.tag === 'img')).toBe(false);
  for (const el of page.elements) {
    for (const name of Object.keys(el.attrs)) {
      expect(name.startsWith('on'), `${el.tag}[${name}]`).toBe(false);
    }
  }
  for (const url of urlsOf(page)) {
    expect(url.trim().toLowerCase().startsWith('javascript:'), url).toBe(false);
  }
  for (const script of page.scripts) {
    expect(script.type).toBe('application/ld+json');
  }
}

describe('escaping of stored text', () => {
  let slug = '';
  beforeAll(async () => {
    const db = createDb(env.DB);
    [slug = ''] = await writeAll(db, [
      hostile,
      articleVariant(2),
      articleVariant(3),
      articleVariant(4),
      hostileInFeed,
    ]);
    // Similar links to the hostile article from another one, so its title shows up there too.
    const rows = await env.DB.prepare('select id from articles order by id').all<{ id: number }>();
    const [evil, a, b, c] = rows.results.map((r) => r.id) as [number, number, number, number];
    await db.insert(similarPosts).values([
      { articleId: a, rank: 1, similarArticleId: evil, score: 1, reason: IMG },
      { articleId: a, rank: 2, similarArticleId: b, score: 0.5, reason: SCRIPT },
      { articleId: a, rank: 3, similarArticleId: c, score: 0.4, reason: JS_LINK },
    ]);
  });

  it('the article page shows the text escaped and runs nothing', async () => {
    const res = await get(`/posts/${slug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const page = await inspectHtml(html);
    expectInert(html, page);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    // The JSON-LD body cannot be closed early, yet still decodes to exactly the stored title.
    expect(page.scripts).toHaveLength(1);
    const body = page.scripts[0]?.body ?? '';
    expect(body).not.toMatch(/<\/?script|<!--/i);
    expect(JSON.parse(body).headline).toBe(hostile.title);
  });

  it('similar links show hostile titles and reasons as text', async () => {
    const html = await (await get('/posts/fixture-article-2-about-safer-deployment-steps')).text();
    expectInert(html, await inspectHtml(html));
    expect(html).toContain(`href="/posts/${slug}"`);
  });

  it('listings, filtered listings and search show it escaped', async () => {
    for (const path of [
      '/',
      `/stack/${encodeURIComponent(SCRIPT)}`,
      `/tools/${encodeURIComponent(JS_LINK)}`,
      `/difficulty/${encodeURIComponent(JS_LINK)}`,
      `/search?q=${encodeURIComponent('evil')}`,
      `/search?q=${encodeURIComponent(EVIL)}`,
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expectInert(html, await inspectHtml(html));
      expect(html, path).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });

  it('the 404 page does not echo a hostile path', async () => {
    const res = await get(`/${encodeURIComponent(EVIL)}`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expectInert(html, await inspectHtml(html));
  });

  it('the feed escapes it as XML', async () => {
    const xml = await (await get('/feed.xml')).text();
    expect(xml).not.toContain(SCRIPT);
    expect(xml).not.toContain('<img');
    expect(xml).toContain('<title>evil &lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img');
    // U+2028 is legal XML and stays; nothing turned the document invalid. Only the reviewed
    // article is in the feed (the others are noindex, as in the sitemap).
    expect(xml.match(/<item>/g)).toHaveLength(1);
  });
});
