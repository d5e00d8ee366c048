/**
 * The site's only stylesheet. It is served from /assets/site.<hash>.css rather than inlined, so
 * the Content-Security-Policy can forbid inline styles as well as scripts; the content hash in the
 * name lets browsers and the edge cache it for a year, and a changed stylesheet gets a new URL.
 */

export const SITE_CSS = `
:root {
  color-scheme: light dark;
  --bg: #fdfdfc;
  --fg: #1d1f23;
  --muted: #555b65;
  --accent: #0b5cad;
  --border: #d9dde3;
  --panel: #f3f5f8;
  --code-bg: #eef0f3;
  --mark: #ffe98a;
  --measure: 44rem;
  /* Code colours (GitHub-like), checked for contrast on --code-bg. */
  --hl-comment: #5c6570;
  --hl-keyword: #b3261e;
  --hl-string: #0a5a2a;
  --hl-number: #0b4f9c;
  --hl-title: #6a31b3;
  --hl-type: #8a4600;
  --hl-meta: #0b4f9c;
  --hl-deletion: #b3261e;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14161a;
    --fg: #e6e8eb;
    --muted: #a6adb8;
    --accent: #82b8ff;
    --border: #30353e;
    --panel: #1b1e24;
    --code-bg: #1f232a;
    --mark: #5d4a00;
    --hl-comment: #9aa3ad;
    --hl-keyword: #ff7b72;
    --hl-string: #a5d6ff;
    --hl-number: #79c0ff;
    --hl-title: #d2a8ff;
    --hl-type: #ffa657;
    --hl-meta: #79c0ff;
    --hl-deletion: #ffa198;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  background: var(--bg);
  color: var(--fg);
  font: 1.0625rem/1.7 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  overflow-wrap: anywhere;
}
a { color: var(--accent); text-underline-offset: 0.18em; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.skip-link { position: absolute; left: 1rem; top: -4rem; padding: 0.5rem 1rem; background: var(--bg); z-index: 10; }
.skip-link:focus { top: 1rem; }
.wrap { max-width: var(--measure); margin: 0 auto; padding: 0 1.25rem; }
.site-header { border-bottom: 1px solid var(--border); }
.site-header .wrap { display: flex; flex-wrap: wrap; align-items: center; gap: 0.6rem 1.25rem; padding-block: 0.8rem; }
.brand { font-weight: 700; font-size: 1.15rem; color: var(--fg); text-decoration: none; letter-spacing: -0.01em; margin-right: auto; }
/* The links wrap as whole words: the body's overflow-wrap: anywhere would split "Difficulty" on a phone. */
.site-nav { display: flex; flex-wrap: wrap; gap: 0.3rem 1.1rem; }
.site-nav a { white-space: nowrap; }
.search-form { display: flex; gap: 0.4rem; min-width: 0; }
.search-form input {
  font: inherit; font-size: 0.95rem; padding: 0.35rem 0.6rem; min-width: 0; width: 12rem; max-width: 100%;
  color: var(--fg); background: var(--bg); border: 1px solid var(--muted); border-radius: 6px;
}
.search-form button {
  font: inherit; font-size: 0.95rem; padding: 0.35rem 0.8rem; cursor: pointer;
  color: var(--bg); background: var(--accent); border: 1px solid var(--accent); border-radius: 6px;
}
search { display: block; }
main { display: block; padding-block: 1rem 3rem; }
main:focus { outline: none; }
h1, h2, h3 { line-height: 1.25; letter-spacing: -0.01em; text-wrap: balance; }
h1 { font-size: clamp(1.75rem, 1.3rem + 2vw, 2.4rem); margin: 1.5rem 0 0.75rem; }
h2 { font-size: 1.4rem; margin: 2.5rem 0 0.75rem; }
p, ul, ol, pre, dl { margin: 0 0 1.1rem; }
.lede { font-size: 1.15rem; color: var(--muted); }
.eyebrow, .byline, .card-meta { color: var(--muted); font-size: 0.92rem; margin-bottom: 0.5rem; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.9em; }
code { background: var(--code-bg); padding: 0.1em 0.3em; border-radius: 4px; }
pre { background: var(--code-bg); padding: 1rem 1.1rem; border-radius: 8px; overflow-x: auto; line-height: 1.5; overflow-wrap: normal; }
pre code { background: none; padding: 0; font-size: inherit; }
mark { background: var(--mark); color: inherit; padding: 0 0.1em; border-radius: 2px; }
.tags { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4rem; }
.tags a, .tags span {
  display: inline-block; font-size: 0.85rem; line-height: 1.4; padding: 0.1rem 0.55rem;
  border: 1px solid var(--border); border-radius: 999px; text-decoration: none; background: var(--panel);
}
.article-body h2 { border-bottom: 1px solid var(--border); padding-bottom: 0.3rem; }
.article-body { overflow-wrap: break-word; }
.article-body h3 { font-size: 1.2rem; margin: 2rem 0 0.6rem; }
.article-body h4, .article-body h5, .article-body h6 { font-size: 1.05rem; margin: 1.6rem 0 0.5rem; }
.article-body h2, .article-body h3, .article-body h4 { scroll-margin-top: 1rem; }
.article-body .anchor { margin-left: 0.3rem; color: var(--muted); text-decoration: none; opacity: 0; font-weight: 400; }
.article-body :is(h2, h3, h4, h5, h6):hover .anchor, .article-body .anchor:focus { opacity: 1; }
.article-body img { max-width: 100%; height: auto; }
.article-body figure { margin: 1.5rem 0; }
.article-body figcaption { color: var(--muted); font-size: 0.9rem; margin-top: 0.4rem; }
.article-body blockquote { margin: 0 0 1.1rem; padding: 0.1rem 1rem; border-left: 3px solid var(--border); color: var(--muted); }
.article-body table { display: block; max-width: 100%; overflow-x: auto; border-collapse: collapse; margin: 0 0 1.1rem; font-size: 0.95rem; }
.article-body th, .article-body td { border: 1px solid var(--border); padding: 0.35rem 0.65rem; text-align: left; vertical-align: top; }
.article-body th { background: var(--panel); }
.article-body details { margin: 0 0 1.1rem; padding: 0.5rem 0.9rem; border: 1px solid var(--border); border-radius: 8px; }
.article-body summary { cursor: pointer; font-weight: 600; }
.article-body kbd { font-family: inherit; font-size: 0.85em; padding: 0.05em 0.4em; border: 1px solid var(--border); border-bottom-width: 2px; border-radius: 4px; background: var(--panel); }
.article-body .task-list-item { list-style: none; }
.article-body .footnotes { margin-top: 2.5rem; border-top: 1px solid var(--border); font-size: 0.92rem; color: var(--muted); }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
.code-block { position: relative; margin: 0 0 1.1rem; }
.code-block pre { margin: 0; padding-top: 1.6rem; }
.code-lang { position: absolute; top: 0.3rem; right: 0.7rem; font-size: 0.75rem; color: var(--muted); font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; text-transform: lowercase; }
.toc { margin: 1.5rem 0; padding: 0.6rem 1rem; background: var(--panel); border: 1px solid var(--border); border-radius: 8px; font-size: 0.95rem; }
.toc summary { cursor: pointer; font-weight: 600; }
.toc ol { list-style: none; margin: 0.5rem 0 0.2rem; padding: 0; }
.toc li { margin: 0.2rem 0; }
.toc .toc-1 { padding-left: 1rem; }
.toc .toc-2 { padding-left: 2rem; }
.editorial { margin-top: 1.25rem; }
.editorial > summary { cursor: pointer; color: var(--muted); font-weight: 600; margin-bottom: 0.75rem; }
/* Syntax highlighting (highlight.js classes from lowlight), light then dark. */
.hljs-comment, .hljs-quote { color: var(--hl-comment); font-style: italic; }
.hljs-keyword, .hljs-selector-tag, .hljs-meta .hljs-keyword, .hljs-doctag, .hljs-section { color: var(--hl-keyword); }
.hljs-string, .hljs-regexp, .hljs-addition, .hljs-meta .hljs-string { color: var(--hl-string); }
.hljs-number, .hljs-literal, .hljs-symbol, .hljs-bullet, .hljs-variable.constant_ { color: var(--hl-number); }
.hljs-title, .hljs-title.function_, .hljs-title.class_, .hljs-name { color: var(--hl-title); }
.hljs-type, .hljs-built_in, .hljs-params, .hljs-attr, .hljs-attribute, .hljs-property { color: var(--hl-type); }
.hljs-meta, .hljs-selector-id, .hljs-selector-class, .hljs-template-variable, .hljs-variable { color: var(--hl-meta); }
.hljs-deletion { color: var(--hl-deletion); }
.hljs-emphasis { font-style: italic; }
.hljs-strong { font-weight: 700; }
.meta-box { margin: 3rem 0 2rem; padding: 1.25rem 1.5rem; background: var(--panel); border: 1px solid var(--border); border-radius: 10px; font-size: 0.95rem; }
.meta-box h2 { margin-top: 0; font-size: 1.15rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
.meta-list { display: grid; grid-template-columns: minmax(7.5rem, max-content) minmax(0, 1fr); gap: 0.45rem 1.25rem; margin: 0; }
.meta-list > dt { font-weight: 600; }
.meta-list dd { margin: 0; }
.meta-list ul { margin: 0; padding-left: 1.1rem; }
.meta-list ul.tags { padding-left: 0; }
.meta-pairs { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.15rem 0.75rem; margin: 0; }
.meta-pairs dt { color: var(--muted); }
.meta-pairs dd { margin: 0; }
.meta-pairs meter { width: 6rem; vertical-align: middle; margin-right: 0.4rem; }
.note { color: var(--muted); font-size: 0.88em; }
.entity-type { color: var(--muted); font-size: 0.88em; }
.similar ul { padding-left: 1.1rem; }
.similar li { margin-bottom: 0.6rem; }
.similar .reason { display: block; color: var(--muted); font-size: 0.9rem; }
.empty { color: var(--muted); font-style: italic; }
.article-list { list-style: none; padding: 0; margin: 0; }
.article-list > li { padding: 1.25rem 0; border-bottom: 1px solid var(--border); }
.article-list h2 { font-size: 1.25rem; margin: 0 0 0.35rem; }
.article-list h2 a { color: var(--fg); text-decoration: none; }
.article-list h2 a:hover { color: var(--accent); text-decoration: underline; }
.article-list p { margin-bottom: 0.5rem; }
.article-list .tags { margin: 0; }
.pagination { display: flex; justify-content: space-between; align-items: center; gap: 1rem; margin-top: 2rem; }
.pagination .current { color: var(--muted); }
.result-count { color: var(--muted); }
.topic-index { list-style: none; padding: 0; columns: 14rem; column-gap: 2rem; }
.topic-index li { padding: 0.2rem 0; break-inside: avoid; }
.topic-index .count { color: var(--muted); font-size: 0.9rem; }
.site-footer { border-top: 1px solid var(--border); color: var(--muted); font-size: 0.9rem; }
.site-footer .wrap { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; padding-block: 1.25rem 2rem; }
.site-footer ul { list-style: none; padding: 0; margin: 0; display: flex; gap: 1.25rem; }
@media (max-width: 36rem) {
  body { font-size: 1rem; }
  .meta-list { grid-template-columns: minmax(0, 1fr); gap: 0.1rem; }
  .meta-list > dd { margin-bottom: 0.6rem; }
  .meta-box { padding: 1rem; }
  .site-search { flex-basis: 100%; }
  .search-form input { flex: 1; width: auto; }
  .meta-pairs { grid-template-columns: minmax(5.5rem, 38%) minmax(0, 1fr); }
}
`;

/** 32-bit FNV-1a: synchronous (so the path is known at module load) and plenty for a cache key. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** The stylesheet's file name, e.g. `site.1a2b3c4d.css`. */
export const STYLESHEET_FILE = `site.${fnv1a(SITE_CSS)}.css`;
export const STYLESHEET_PATH = `/assets/${STYLESHEET_FILE}`;
