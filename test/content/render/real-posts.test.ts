/**
 * Real Rust blog posts through the Markdown pipeline: what a reader needs survives (links,
 * tables, inline code, heading levels, footnotes, <details>, highlighted code) and nothing an
 * author could use to inject behaviour does.
 */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src/content/render/index.ts';
import bisecting from '../../fixtures/rust-blog/bisecting-rust-compiler.md?raw';
import rust154 from '../../fixtures/rust-blog/Rust-1.54.0.md?raw';
import musl from '../../fixtures/rust-blog/Updating-musl-1.2.5.md?raw';
import muslTargets from '../../fixtures/rust-blog/Updating-musl-targets.md?raw';
import { inspectHtml } from '../../helpers/html.ts';
import { splitPost } from './helpers.ts';

async function render(text: string, source: string) {
  const post = splitPost(text);
  return renderMarkdown(post.body, { source, firstLine: post.firstLine });
}

function tags(info: Awaited<ReturnType<typeof inspectHtml>>, tag: string) {
  return info.elements.filter((e) => e.tag === tag);
}

describe('renderMarkdown on real posts', () => {
  it('keeps links clickable, inline code, and the raw <details> with Markdown inside it', async () => {
    const body = await render(musl, 'content/Updating-musl-1.2.5.md');
    const info = await inspectHtml(body.html, ['details', 'summary']);
    expect(tags(info, 'a').map((a) => a.attrs.href)).toContain(
      'https://github.com/rust-lang/rust/pull/142682',
    );
    expect(body.html).toContain('<code>*-linux-musl</code>');
    expect(tags(info, 'details')).toHaveLength(1);
    expect(info.text.summary?.trim()).not.toBe('');
    // The Markdown list inside <details> is a list, not literal text.
    expect(info.text.details).not.toContain('<li>');
    expect(body.html).not.toContain('&#x3C;details');
    // The body's "# Title" is demoted under the page's <h1>.
    expect(tags(info, 'h1')).toHaveLength(0);
    // "#" and "##" keep their relative levels one step down: h2 and h3.
    expect(body.toc.map((t) => t.depth)).toEqual([2, 2, 3, 3, 3]);
    expect(body.toc[0]).toMatchObject({ text: "Updating Rust's Linux musl targets to 1.2.5" });
    expect(tags(info, 'h3').map((h) => h.attrs.id)).toEqual([
      'tier-2-with-host-tools',
      'tier-2-without-host-tools',
      'tier-3',
    ]);
  });

  it('keeps footnotes with working back and forth links, and highlights Rust', async () => {
    const body = await render(rust154, 'content/Rust-1.54.0.md');
    const info = await inspectHtml(body.html);
    const ids = new Set(info.elements.map((e) => e.attrs.id).filter((id) => id !== undefined));
    const inPage = tags(info, 'a')
      .map((a) => a.attrs.href ?? '')
      .filter((href) => href.startsWith('#'));
    expect(inPage.some((href) => href.includes('fn'))).toBe(true);
    for (const href of inPage) {
      expect(ids, `in-page link ${href} has a target`).toContain(href.slice(1));
    }
    expect(tags(info, 'section').some((s) => s.attrs.class === 'footnotes')).toBe(true);
    expect(body.html).toMatch(
      /<pre tabindex="0"><code class="hljs language-rust"><span class="hljs-/,
    );
    expect(body.html).toContain('<span class="code-lang">rust</span>');
    // "##" and "###" stay h2 and h3 (nothing to demote); the `#![doc]` line in code is no heading.
    expect(body.toc.map((t) => t.depth)).toEqual([2, 3, 3, 3, 3, 3, 3]);
    expect(tags(info, 'h3')).toHaveLength(6);
  });

  it('keeps GFM tables as tables', async () => {
    const body = await render(muslTargets, 'content/Updating-musl-targets.md');
    const info = await inspectHtml(body.html);
    expect(tags(info, 'table').length).toBeGreaterThan(0);
    expect(tags(info, 'th').length).toBeGreaterThan(0);
    expect(tags(info, 'td').length).toBeGreaterThan(10);
  });

  it('highlights each language, labels each block (text when none), keeps heading levels', async () => {
    const body = await render(bisecting, 'content/inside-rust/bisecting-rust-compiler.md');
    for (const language of ['sh', 'rust', 'text']) {
      expect(body.html).toContain(`<span class="code-lang">${language}</span>`);
    }
    expect(body.html).toContain('<code class="hljs language-sh">');
    expect(body.html).toContain('language-rust"><span class="hljs-');
    // The bug-report template shows Markdown and a <details> inside a ```` fence: code, not markup.
    const info = await inspectHtml(body.html);
    expect(tags(info, 'details')).toHaveLength(0);
    expect(body.html).toContain('&#x3C;details>&#x3C;summary>COLLAPSIBLE ERROR STACKTRACE');
  });

  it('stores plain text without code blocks or URLs', async () => {
    const body = await render(musl, 'content/Updating-musl-1.2.5.md');
    expect(body.text).toContain('musl 1.2.5');
    expect(body.text).not.toMatch(/https?:\/\//);
    expect(body.text).not.toContain('<');
  });

  it('leaves no style attribute, event handler or script in any real post', async () => {
    for (const [name, text] of Object.entries({ musl, rust154, muslTargets, bisecting })) {
      const body = await render(text, name);
      const info = await inspectHtml(body.html);
      for (const element of info.elements) {
        expect(
          Object.keys(element.attrs).filter((a) => a === 'style' || a.startsWith('on')),
        ).toEqual([]);
        expect(['script', 'style', 'iframe']).not.toContain(element.tag);
      }
      expect(body.problems).toEqual([]);
    }
  });
});
