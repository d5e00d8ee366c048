/**
 * The article's body: the HTML the content pipeline rendered at import (src/content/render:
 * sanitized against an allowlist, highlighted, headings with ids), stored and served as it is,
 * and a table of contents when the body has three headings or more.
 */

import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import type { TocEntry } from '../content/render/index.ts';
import type { ShownBody } from '../content/types.ts';

/** Fewer headings than this need no table of contents. */
export const TOC_MIN_HEADINGS = 3;

const Toc: FC<{ entries: TocEntry[] }> = ({ entries }) => {
  const top = Math.min(...entries.map((e) => e.depth));
  return (
    <nav class="toc" aria-labelledby="toc">
      <details open>
        <summary id="toc">Contents</summary>
        <ol>
          {entries.map((entry) => (
            <li class={`toc-${Math.min(entry.depth - top, 2)}`}>
              <a href={`#${entry.id}`}>{entry.text}</a>
            </li>
          ))}
        </ol>
      </details>
    </nav>
  );
};

export const ArticleBody: FC<{ body: ShownBody }> = ({ body }) => (
  <>
    {body.toc.length >= TOC_MIN_HEADINGS && <Toc entries={body.toc} />}
    {/* The one raw() in src/pages: the stored body HTML. It was produced at import by the
        content pipeline, whose allowlist sanitizer (src/content/render/schema.ts, tested with
        hostile vectors in test/content/render/xss.test.ts) is the security boundary; escaping
        it here would print the markup as text. */}
    <div class="article-body">{raw(body.html)}</div>
  </>
);
