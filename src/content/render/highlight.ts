/**
 * Syntax highlighting at render time with lowlight (highlight.js grammars producing a syntax
 * tree, not a string): class-based `hljs-*` spans that the site stylesheet colours for light and
 * dark themes, so the CSP needs no inline styles and the reader's browser runs no script.
 * Each block gets a visible language label; a language we do not know stays plain text.
 */
import type { Element, ElementContent, Root } from 'hast';
import { toString as textOf } from 'hast-util-to-string';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import haskell from 'highlight.js/lib/languages/haskell';
import llvm from 'highlight.js/lib/languages/llvm';
import nginx from 'highlight.js/lib/languages/nginx';
import powershell from 'highlight.js/lib/languages/powershell';
import protobuf from 'highlight.js/lib/languages/protobuf';
import scala from 'highlight.js/lib/languages/scala';
import x86asm from 'highlight.js/lib/languages/x86asm';
import { common, createLowlight } from 'lowlight';
import { visit } from 'unist-util-visit';

// `common` has ~37 languages (rust, go, python, js/ts, bash/shell, json, yaml, c/cpp, sql, diff,
// xml/html, css, ini/toml, java, kotlin, …); these add what systems and infrastructure posts use.
const lowlight = createLowlight({
  ...common,
  dockerfile,
  haskell,
  llvm,
  nginx,
  powershell,
  protobuf,
  scala,
  x86asm,
});
lowlight.registerAlias({
  x86asm: ['asm', 'nasm'],
  shell: ['shell-session', 'terminal'],
  ini: ['cargo'],
  plaintext: ['text', 'txt', 'plain', 'none'],
});

const LANGUAGE_NAME = /^[a-z0-9][a-z0-9_+#.-]{0,30}$/;

/**
 * The language a fence or a class names: "rust,ignore" and "rust {.numberLines}" mean rust
 * (rustdoc and Pandoc attributes follow the name).
 */
export function languageOf(code: Element): string | null {
  const classes = code.properties.className;
  const list = Array.isArray(classes) ? classes : [];
  for (const name of list) {
    const match = /^language-(.+)$/.exec(String(name));
    if (match?.[1]) {
      return match[1].split(/[,{\s]/)[0]?.toLowerCase() || null;
    }
  }
  return null;
}

/** The label shown on a block: the language as the author named it, or "text". */
function label(language: string | null): Element {
  return {
    type: 'element',
    tagName: 'span',
    properties: { className: ['code-lang'] },
    children: [{ type: 'text', value: language ?? 'text' }],
  };
}

/**
 * Highlights every `<pre><code class="language-…">` in place and wraps the `<pre>` in
 * `<div class="code-block">` with the label. Runs after the sanitizer: the classes it adds are
 * ours, not the author's.
 */
export function highlightCode(tree: Root): void {
  visit(tree, 'element', (pre, index, parent) => {
    if (pre.tagName !== 'pre' || parent === undefined || index === undefined) {
      return;
    }
    const code = pre.children.find(
      (c): c is Element => c.type === 'element' && c.tagName === 'code',
    );
    const named = code ? languageOf(code) : null;
    // A language name is a word ("c++", "objective-c", "f#"); anything else is not one we show.
    const language = named !== null && LANGUAGE_NAME.test(named) ? named : null;
    if (code && language && lowlight.registered(language)) {
      const result = lowlight.highlight(language, textOf(code));
      code.children = result.children as ElementContent[];
      code.properties.className = ['hljs', `language-${language}`];
    } else if (code) {
      code.properties.className = language ? [`language-${language}`] : undefined;
    }
    // A wide line scrolls inside <pre> (focusable, so a keyboard can scroll it too) instead of
    // widening the page on a phone.
    pre.properties.tabIndex = 0;
    const wrapper: Element = {
      type: 'element',
      tagName: 'div',
      properties: { className: ['code-block'] },
      children: [label(language), pre],
    };
    parent.children[index] = wrapper;
    return 'skip';
  });
}
