import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.ts';
import { articleVariant, writeAll } from '../fixtures/articles.ts';
import { seedArticle } from '../fixtures/seed-article.ts';
import { inspectHtml } from '../helpers/html.ts';

function search(query: string, page?: number) {
  const params = new URLSearchParams({ q: query });
  if (page) {
    params.set('page', String(page));
  }
  return exports.default.fetch(`https://alphanode.test/search?${params}`);
}

async function resultSlugs(res: Response): Promise<string[]> {
  const page = await inspectHtml(await res.text());
  return page.elements
    .filter((e) => e.tag === 'a' && e.attrs.href?.startsWith('/posts/'))
    .map((e) => (e.attrs.href ?? '').slice('/posts/'.length));
}

describe('GET /search', () => {
  beforeAll(async () => {
    await writeAll(createDb(env.DB), [
      seedArticle,
      articleVariant(1, { title: 'tuning kubernetes autoscaling', summary: 'a summary' }),
      articleVariant(2, {
        title: 'a plain title',
        summary: 'kubernetes appears in this summary only',
      }),
      // A tool and a stack named only in the article's lists, nowhere in its text.
      articleVariant(3, { title: 'testing web services', stack: ['Gleam'], tools: ['QuokkaDB'] }),
      // 22 more that all mention "zeppelin" in the body, for pagination.
      ...Array.from({ length: 22 }, (_, i) =>
        articleVariant(10 + i, {
          sections: [
            { heading: null, blocks: [{ kind: 'paragraph', text: 'the zeppelin rises' }] },
          ],
        }),
      ),
    ]);
  });

  it('finds words in title, summary and body, title matches first, with matches marked', async () => {
    const res = await search('kubernetes');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    const html = await res.text();
    expect(await resultSlugs(new Response(html))).toEqual([
      'tuning-kubernetes-autoscaling',
      'a-plain-title',
    ]);
    expect(html).toContain('tuning <mark>kubernetes</mark> autoscaling');
    expect(html).toContain('<mark>kubernetes</mark> appears in this summary only');
    const seed = await resultSlugs(await search('workflow'));
    expect(seed[0]).toBe(
      'building-a-safer-workflow-for-building-safer-deployment-steps-with-python-services',
    );
    // A body-only match shows a snippet of the body around the word.
    expect(await (await search('zeppelin')).text()).toContain('the <mark>zeppelin</mark> rises');
  });

  it('finds words by their stem (porter): "checks" finds "check"', async () => {
    expect((await resultSlugs(await search('integration checks'))).length).toBeGreaterThan(0);
  });

  it('paginates with the query kept in the links', async () => {
    const first = await search('zeppelin');
    const html = await first.text();
    expect(await resultSlugs(new Response(html))).toHaveLength(20);
    expect(html).toContain('<a rel="next" href="/search?q=zeppelin&amp;page=2">');
    expect(html).toContain('Page 1 of 2');
    const second = await (await search('zeppelin', 2)).text();
    expect(await resultSlugs(new Response(second))).toHaveLength(2);
    expect(second).toContain('Page 2 of 2');
    expect(second).not.toContain('rel="next"');
  });

  it('says how many articles match, on every page of the results', async () => {
    expect(await (await search('zeppelin')).text()).toContain('22 articles match “zeppelin”.');
    expect(await (await search('zeppelin', 2)).text()).toContain('22 articles match “zeppelin”.');
    expect(await (await search('autoscaling')).text()).toContain('1 article match');
  });

  it("finds an article by a tool's or a stack's name, whatever its case", async () => {
    expect(await resultSlugs(await search('quokkadb'))).toEqual(['testing-web-services']);
    expect(await resultSlugs(await search('QuokkaDB'))).toEqual(['testing-web-services']);
    expect(await resultSlugs(await search('gleam'))).toEqual(['testing-web-services']);
  });

  it('has one search box, which shows the query being answered', async () => {
    const html = await (await search('zeppelin')).text();
    expect(html.match(/<form/g)).toHaveLength(1);
    expect(html).toContain('name="q" placeholder="Search articles" value="zeppelin"/>');
  });

  it('shows the empty search box alone for an empty query', async () => {
    const res = await exports.default.fetch('https://alphanode.test/search');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/<form/g)).toHaveLength(1);
    expect(html).toContain('name="q" placeholder="Search articles" value=""/>');
    expect(html).not.toContain('No articles match');
    expect(html).not.toContain('result-count');
  });

  it('says so when nothing matches', async () => {
    const html = await (await search('xylophone')).text();
    expect(html).toContain('No articles match “xylophone”.');
  });

  it.each([
    '"',
    '""',
    '*',
    'deploy*',
    'NEAR(safer deploy)',
    'safer NEAR/2 deploy',
    '-python',
    'python -',
    'a OR',
    'AND',
    'NOT python',
    'title:python',
    '{title summary}: python',
    '^python',
    '(python',
    "python')--",
    "'; drop table articles; --",
    '\\',
    '%',
    '😀 python',
    'پایتون',
    '\u202e python',
    '\u0000python',
    '+',
    '.',
  ])('answers FTS syntax from users (%j) with a page, not an error', async (query) => {
    const res = await search(query);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<h1>Search');
  });

  it('still searches the words inside operator-laden input', async () => {
    const slugs = await resultSlugs(await search('"kubernetes* -(autoscaling^'));
    expect(slugs).toEqual(['tuning-kubernetes-autoscaling']);
  });

  it('prompts for words when the input has none', async () => {
    const res = await search('*** --- """');
    expect(await res.text()).toContain('Type at least one word');
  });
});
