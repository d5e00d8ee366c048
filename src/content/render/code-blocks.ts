/**
 * Code blocks written as HTML name their language in many ways: `<pre class="lang:rust">`
 * (WordPress SyntaxHighlighter), `<pre class="brush: rust">`, `<pre lang="rust">`,
 * `<pre class="language-rust">` without a `<code>`. Before the sanitizer drops those classes,
 * each becomes the one form Markdown fences produce: `<pre><code class="language-rust">`.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

const LANGUAGE_CLASS = /^(?:lang(?:uage)?[-:]|brush:)(.+)$/i;

function classes(node: Element): string[] {
  const value = node.properties.className;
  return Array.isArray(value) ? value.map(String) : [];
}

function preLanguage(pre: Element): string | null {
  const list = classes(pre);
  for (let i = 0; i < list.length; i++) {
    const name = list[i] ?? '';
    // "brush: rust" arrives as two classes, "brush:" and "rust".
    const match = LANGUAGE_CLASS.exec(name === 'brush:' ? `brush:${list[i + 1] ?? ''}` : name);
    if (match?.[1]) {
      return match[1].replace(/;.*$/, '').toLowerCase();
    }
  }
  const lang = pre.properties.lang ?? pre.properties.dataLang ?? pre.properties.dataLanguage;
  return typeof lang === 'string' && lang !== '' ? lang.toLowerCase() : null;
}

export function normalizeCodeBlocks(tree: Root): void {
  visit(tree, 'element', (pre) => {
    if (pre.tagName !== 'pre') {
      return;
    }
    const language = preLanguage(pre);
    let code = pre.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code');
    if (!code) {
      code = { type: 'element', tagName: 'code', properties: {}, children: pre.children };
      pre.children = [code];
    }
    if (language && !classes(code).some((c) => c.startsWith('language-'))) {
      code.properties.className = [`language-${language}`];
    }
    return 'skip';
  });
}
