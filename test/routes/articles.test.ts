import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.ts';
import { similarPosts } from '../../src/db/schema.ts';
import { articleVariant, writeAll } from '../fixtures/articles.ts';
import { SEED_SLUG, seedArticle } from '../fixtures/seed-article.ts';
import { decodeEntities, headingLevels, inspectHtml } from '../helpers/html.ts';

const db = createDb(env.DB);
const SITE = 'http://localhost:8787'; // wrangler.toml's SITE_URL

function get(path: string, headers: Record<string, string> = {}) {
  return exports.default.fetch(`https://alphanode.test${path}`, { headers });
}

/** Every value of the seed's meta box, as a reader sees it on the page. */
const seedMetaValues = [
  seedArticle.topic,
  seedArticle.problem,
  seedArticle.summary,
  seedArticle.outline.context,
  seedArticle.outline.problem,
  seedArticle.outline.stack,
  seedArticle.outline.recommendedAction,
  seedArticle.aiBrief,
  ...seedArticle.stack,
  ...seedArticle.tools,
  seedArticle.codeLanguage,
  seedArticle.difficulty,
  '9 min',
  '629,898',
  'synthetic',
  '95',
  '78',
  '73',
  '97',
  'drafted',
  '1.7.3',
  '2022-01-06',
  'anp-ref-000989-2184',
  '8998bd32aa8a8fc7e342286f',
  ...seedArticle.checklist,
  ...seedArticle.entities.flatMap((e) => [e.name, `(${e.type})`]),
  'alphanode-000989',
  'anp content synthesizer',
  'for a content heavy programming website',
  '989',
  ...seedArticle.notes,
];
const metaLabels = [
  'topic',
  'problem',
  'summary',
  'ai outline',
  'context',
  'recommended action',
  'ai brief',
  'stack',
  'tools',
  'code language',
  'difficulty',
  'reading time',
  'view count',
  'scores',
  'quality',
  'freshness',
  'depth',
  'clarity',
  'revision',
  'status',
  'version',
  'last reviewed',
  'reference',
  'hash',
  'flags',
  'ai generated style',
  'has images',
  'image heavy',
  'needs human review',
  'checklist',
  'entities',
  'payload',
  'source id',
  'generator',
  'paragraphs',
  'scenario',
  'seed',
  'notes',
];

describe('GET /posts/:slug', () => {
  beforeAll(async () => {
    await writeAll(db, [
      seedArticle,
      // Reviewed and not AI-style: the one indexable article here.
      articleVariant(1, {
        flags: { ...seedArticle.flags, aiGeneratedStyle: false },
        revision: { ...seedArticle.revision, status: 'reviewed' },
        sections: [
          ...seedArticle.sections,
          {
            heading: 'example',
            blocks: [{ kind: 'code', code: 'print("a" < "b")\n', language: 'python' }],
          },
        ],
      }),
      articleVariant(2),
      articleVariant(3),
      articleVariant(4),
    ]);
  });

  it('renders the seed with its title, sections, checklist and every meta box value', async () => {
    const res = await get(`/posts/${SEED_SLUG}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const page = await inspectHtml(html, ['h1', '.meta-box', '.article-body', '.meta-box dt']);
    expect(decodeEntities(page.text.h1 ?? '')).toBe(seedArticle.title);
    const body = page.text['.article-body'] ?? '';
    for (const section of seedArticle.sections) {
      if (section.heading) {
        expect(body).toContain(section.heading);
      }
      for (const block of section.blocks) {
        for (const text of block.kind === 'list'
          ? block.items
          : [block.kind === 'paragraph' ? block.text : block.code]) {
          expect(body).toContain(text);
        }
      }
    }
    const meta = page.text['.meta-box'] ?? '';
    expect(meta).toContain('About this article');
    expect(meta).not.toContain('why this matters');
    for (const value of seedMetaValues) {
      expect(meta, value).toContain(value);
    }
    const labels = page.text['.meta-box dt'] ?? '';
    for (const label of metaLabels) {
      expect(labels, label).toContain(label);
    }
    // Flags are shown as yes/no with the stored 1/0 kept as the machine-readable value.
    expect(html).toContain('<dt>ai generated style</dt><dd><data value="1">yes</data></dd>');
    expect(html).toContain('<dt>needs human review</dt><dd><data value="0">no</data></dd>');
    // Lists are lists.
    const lis = page.elements.filter((e) => e.tag === 'li').length;
    expect(lis).toBeGreaterThanOrEqual(
      seedArticle.tools.length + seedArticle.checklist.length + seedArticle.notes.length + 3,
    );
  });

  it('has one h1, headings in order, and the page landmarks', async () => {
    const page = await inspectHtml(await (await get(`/posts/${SEED_SLUG}`)).text());
    const levels = headingLevels(page);
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    expect(levels[0]).toBe(1);
    levels.forEach((level, i) => {
      expect(level - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1);
    });
    const tags = page.elements.map((e) => e.tag);
    for (const landmark of ['header', 'nav', 'main', 'footer']) {
      expect(tags).toContain(landmark);
    }
    expect(page.elements.find((e) => e.tag === 'a')?.attrs.href).toBe('#main');
    expect(page.elements.find((e) => e.tag === 'html')?.attrs.lang).toBe('en');
  });

  it('reports its render time in Server-Timing', async () => {
    const res = await get(`/posts/${SEED_SLUG}`);
    expect(res.headers.get('server-timing')).toMatch(/\brender;dur=\d/);
  });

  it('marks AI-style, unreviewed articles noindex in meta robots and X-Robots-Tag', async () => {
    const res = await get(`/posts/${SEED_SLUG}`);
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    expect(await res.text()).toContain('<meta name="robots" content="noindex"/>');
  });

  it('lets reviewed articles be indexed', async () => {
    const res = await get('/posts/fixture-article-1-about-safer-deployment-steps');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-robots-tag')).toBeNull();
    expect(await res.text()).toContain('<meta name="robots" content="index, follow"/>');
  });

  it('renders code blocks highlighted in <pre><code>, labelled with their language', async () => {
    const html = await (await get('/posts/fixture-article-1-about-safer-deployment-steps')).text();
    expect(html).toContain(
      '<div class="code-block"><span class="code-lang">python</span><pre tabindex="0"><code class="hljs language-python"><span class="hljs-built_in">print</span>(<span class="hljs-string">"a"</span> &#x3C; <span class="hljs-string">"b"</span>)\n</code></pre></div>',
    );
  });

  it('builds canonical, og:url and JSON-LD from SITE_URL, ignoring Host and X-Forwarded-Host', async () => {
    const res = await get(`/posts/${SEED_SLUG}`, {
      Host: 'evil.example',
      'X-Forwarded-Host': 'evil.example',
      'X-Forwarded-Proto': 'http',
    });
    const html = await res.text();
    expect(html).not.toContain('evil.example');
    expect(html).not.toContain('alphanode.test');
    const page = await inspectHtml(html);
    const canonical = page.elements.find((e) => e.tag === 'link' && e.attrs.rel === 'canonical');
    expect(canonical?.attrs.href).toBe(`${SITE}/posts/${SEED_SLUG}`);
    const ogUrl = page.elements.find((e) => e.attrs.property === 'og:url');
    expect(ogUrl?.attrs.content).toBe(`${SITE}/posts/${SEED_SLUG}`);
    for (const property of ['og:title', 'og:description', 'og:type', 'og:site_name']) {
      expect(
        page.elements.some((e) => e.attrs.property === property),
        property,
      ).toBe(true);
    }
    const description = page.elements.find(
      (e) => e.tag === 'meta' && e.attrs.name === 'description',
    );
    expect(description?.attrs.content).toBe(seedArticle.summary);
  });

  it('describes the article as JSON-LD with dates from the stored timestamps', async () => {
    const page = await inspectHtml(await (await get(`/posts/${SEED_SLUG}`)).text());
    const scripts = page.scripts;
    expect(scripts).toHaveLength(1);
    expect(scripts[0]?.type).toBe('application/ld+json');
    const data = JSON.parse(scripts[0]?.body ?? '');
    const stored = await env.DB.prepare(
      'select created_at, updated_at from articles where slug = ?',
    )
      .bind(SEED_SLUG)
      .first<{ created_at: string; updated_at: string }>();
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Article',
      headline: seedArticle.title,
      url: `${SITE}/posts/${SEED_SLUG}`,
      datePublished: stored?.created_at,
      dateModified: stored?.updated_at,
    });
  });

  it('shows a clear empty state while fewer than 3 similar posts exist', async () => {
    const html = await (await get(`/posts/${SEED_SLUG}`)).text();
    expect(html).toContain('Similar posts');
    expect(html).toContain('No similar posts yet');
  });

  it('lists similar posts with titles and reasons once there are at least 3', async () => {
    const ids = await env.DB.prepare('select id, slug from articles order by id').all<{
      id: number;
      slug: string;
    }>();
    const [seed, ...others] = ids.results;
    await db.insert(similarPosts).values(
      others.slice(0, 3).map((other, i) => ({
        articleId: seed?.id ?? 0,
        rank: i + 1,
        similarArticleId: other.id,
        score: 0.9 - i / 10,
        reason: `shares ${i + 1} tools`,
      })),
    );
    const res = await get(`/posts/${SEED_SLUG}`);
    const html = await res.text();
    expect(html).not.toContain('No similar posts yet');
    const similar = html.slice(html.indexOf('id="similar-posts"'));
    others.slice(0, 3).forEach((other, i) => {
      expect(similar).toContain(`href="/posts/${other.slug}"`);
      expect(similar).toContain(`shares ${i + 1} tools`);
    });
    expect(similar.indexOf('shares 1 tools')).toBeLessThan(similar.indexOf('shares 3 tools'));
  });

  it('answers an unknown slug with the HTML 404 page', async () => {
    const res = await get('/posts/no-such-article');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('<h1>Page not found</h1>');
  });
});
