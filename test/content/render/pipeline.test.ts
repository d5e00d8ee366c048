/**
 * The pipeline on posts written for these tests: raw HTML with a <style> block (a Go-blog-style
 * post), template syntax, link and image resolution, author HTML with WordPress code blocks, and
 * the alphanode sections. Real posts are in real-posts.test.ts, hostile input in xss.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  renderAuthorHtml,
  renderMarkdown,
  renderSections,
  rerender,
} from '../../../src/content/render/index.ts';
import post from '../../fixtures/markdown/raw-html-post.md?raw';
import { inspectHtml } from '../../helpers/html.ts';

const options = {
  source: 'content/compare.md',
  firstLine: 4,
  resolveLink: (href: string) =>
    href === '../2019/old-post.md' || href === 'https://blog.example.org/2019/01/02/old-post/'
      ? '/posts/old-post'
      : null,
  resolveImage: (src: string) =>
    src === 'before.png' ? { src: '/media/compare/before.png', width: 800, height: 600 } : null,
};

describe('renderMarkdown on raw HTML, templates, links and images', () => {
  it('drops <style> and <script> with their content, keeps figures and inline HTML', async () => {
    const body = await renderMarkdown(post, options);
    expect(body.html).not.toContain('beforeafter');
    expect(body.html).not.toContain('grid-template');
    expect(body.html).not.toContain('hacked');
    const info = await inspectHtml(body.html);
    const tagsSeen = new Set(info.elements.map((e) => e.tag));
    for (const tag of ['figure', 'figcaption', 'kbd', 'sub', 'sup', 'mark', 'del', 'img']) {
      expect(tagsSeen, tag).toContain(tag);
    }
    expect(
      info.elements.some(
        (e) => 'class' in e.attrs && e.tag === 'div' && e.attrs.class === 'beforeafter',
      ),
    ).toBe(false);
  });

  it('reports template syntax with its line in the file and does not print it', async () => {
    const body = await renderMarkdown(post, options);
    expect(body.problems).toEqual([
      {
        line: 4 + 21 - 1,
        field: 'content/compare.md',
        message: expect.stringContaining('{{< youtube dQw4w9WgXcQ >}}'),
      },
      {
        line: 4 + 38 - 1,
        field: 'content/compare.md',
        message: expect.stringContaining('{{ .Title }}'),
      },
    ]);
    expect(body.html).not.toContain('youtube');
    expect(body.html).toContain('<code>{{ .Title }}</code>');
    expect(body.html).toMatch(/Templates inside code are content: \{\{ \.Title \}\}/);
    expect(body.html).toContain('but this  is not.');
  });

  it('resolves relative links, old URLs and bundle images, and records what it changed', async () => {
    const body = await renderMarkdown(post, options);
    const info = await inspectHtml(body.html);
    const hrefs = info.elements.filter((e) => e.tag === 'a').map((e) => e.attrs.href);
    expect(hrefs.filter((h) => h === '/posts/old-post')).toHaveLength(2);
    expect(hrefs).toContain('#next-steps');
    const images = info.elements.filter((e) => e.tag === 'img');
    expect(images.map((i) => i.attrs)).toEqual([
      {
        src: '/media/compare/before.png',
        alt: 'Before',
        width: '800',
        height: '600',
        loading: 'lazy',
        decoding: 'async',
      },
      {
        src: 'https://cdn.example.org/after.png',
        alt: 'After',
        loading: 'lazy',
        decoding: 'async',
      },
    ]);
    expect(body.links).toEqual({
      '../2019/old-post.md': '/posts/old-post',
      'https://blog.example.org/2019/01/02/old-post/': '/posts/old-post',
    });
    expect(Object.keys(body.images)).toEqual(['before.png']);
  });

  it('gives duplicate headings distinct ids and never takes one of the page’s ids', async () => {
    const body = await renderMarkdown('## Next steps\n\n## Next steps\n\n## Post meta\n\n## Main', {
      source: 'x.md',
    });
    expect(body.toc.map((t) => t.id)).toEqual([
      'next-steps',
      'next-steps-1',
      'post-meta-1',
      'main-1',
    ]);
  });

  it('re-renders from the stored source and maps alone, to the same HTML', async () => {
    const first = await renderMarkdown(post, options);
    const again = await rerender(
      { format: 'markdown', source: post, links: first.links, images: first.images },
      'content/compare.md',
    );
    expect(again.html).toBe(first.html);
    expect(again.text).toBe(first.text);
  });
});

describe('renderAuthorHtml', () => {
  it('highlights WordPress code blocks and keeps the author’s structure', async () => {
    const html = [
      '<p>Intro with <a href="https://example.org">a link</a>.</p>',
      '<pre class="lang:python decode:true">print("hi")</pre>',
      '<pre class="brush: rust; title: ; notranslate">fn main() {}</pre>',
      '<pre class="wp-block-code"><code>plain</code></pre>',
      '<h2>Second</h2><table><tr><td>1</td></tr></table>',
    ].join('\n');
    const body = await renderAuthorHtml(html, { source: 'wp:post-12' });
    expect(body.html).toContain(
      '<code class="hljs language-python"><span class="hljs-built_in">print</span>',
    );
    expect(body.html).toContain(
      '<code class="hljs language-rust"><span class="hljs-keyword">fn</span>',
    );
    expect(body.html).toContain(
      '<span class="code-lang">text</span><pre tabindex="0"><code>plain</code>',
    );
    expect(body.toc).toEqual([{ depth: 2, id: 'second', text: 'Second' }]);
    expect(body.html).toContain('<table><tbody><tr><td>1</td></tr></tbody></table>');
  });

  it('reports template syntax in HTML with its line', async () => {
    const body = await renderAuthorHtml('<p>a</p>\n<p>[x] {{ site.title }}</p>', {
      source: 'wp:1',
      firstLine: 10,
    });
    expect(body.problems).toEqual([
      { line: 11, field: 'wp:1', message: expect.stringContaining('{{ site.title }}') },
    ]);
    expect(body.html).not.toContain('site.title');
  });
});

describe('renderSections (alphanode exports)', () => {
  it('renders sections, lists and code as escaped HTML through the same pipeline', () => {
    const body = renderSections(
      [
        { heading: null, blocks: [{ kind: 'paragraph', text: 'Intro <b>not bold</b> & more' }] },
        {
          heading: 'Setup',
          blocks: [
            { kind: 'list', items: ['one', 'two'] },
            { kind: 'code', code: 'const a = 1;', language: 'javascript' },
          ],
        },
      ],
      { source: 'alphanode-1.txt' },
    );
    expect(body.html).toContain('<p>Intro &#x3C;b>not bold&#x3C;/b> &#x26; more</p>');
    expect(body.html).toContain('<h2 id="setup">Setup');
    expect(body.html).toContain('<ul><li>one</li><li>two</li></ul>');
    expect(body.html).toContain(
      '<code class="hljs language-javascript"><span class="hljs-keyword">const</span>',
    );
    expect(body.text).toBe('Intro <b>not bold</b> & more\n\nSetup\none\ntwo');
  });
});
