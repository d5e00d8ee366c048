/**
 * The content pipeline: every article body, whatever its source format, becomes sanitized,
 * highlighted HTML once, at import; the page serves the stored HTML as it is. See
 * docs/CONTENT.md for the choices (unified, GitHub's sanitizer schema, lowlight) and why.
 *
 * Formats: Markdown (renderMarkdown), author HTML such as WordPress content (renderAuthorHtml),
 * and the alphanode export's plain-text sections (renderSections). All three end in finish():
 * the same sanitizer, highlighter, headings and links.
 *
 * @example
 * const body = await renderMarkdown('# Hi\n\nSee [the guide](../guide.md).', {
 *   source: 'content/hi.md',
 *   resolveLink: (href) => (href === '../guide.md' ? '/posts/guide' : null),
 * });
 * // body.html: '<h2 id="hi">Hi <a class="anchor" …>#</a></h2>\n<p>See <a href="/posts/guide">the guide</a>.</p>'
 */
import type { ArticleBody, Section } from '../types.ts';
import { authorHtmlTree } from './author-html.ts';
import { finish } from './finish.ts';
import { replayResolvers } from './links.ts';
import { markdownTree } from './markdown.ts';
import { sectionsTree } from './sections.ts';
import type { RenderedBody, RenderOptions, ResolvedImage } from './types.ts';

export type {
  RenderedBody,
  RenderOptions,
  ResolvedImage,
  TocEntry,
} from './types.ts';

/**
 * Bump when the pipeline's output changes (a schema, a grammar, the heading rules): the refresh
 * job re-renders every stored body whose render_version is older.
 */
export const RENDER_VERSION = 1;

function where(options: RenderOptions) {
  return { field: options.source, firstLine: options.firstLine ?? 1 };
}

/** What is stored to render a body again without the source files or the importer's state. */
export interface BodySource {
  format: 'markdown' | 'html' | 'sections';
  /** Markdown or HTML as imported; for 'sections', the sections as JSON. */
  source: string;
  links: Record<string, string>;
  images: Record<string, ResolvedImage>;
}

/**
 * The pipeline, synchronous (the parsers and the writer are): every format through finish().
 * renderMarkdown and renderAuthorHtml are its asynchronous faces for the importer.
 */
export function renderSource(
  format: BodySource['format'],
  source: string,
  options: RenderOptions,
): RenderedBody {
  switch (format) {
    case 'markdown': {
      const { tree, problems } = markdownTree(source, where(options));
      return finish(tree, options, problems);
    }
    case 'html': {
      const { tree, problems } = authorHtmlTree(source, where(options));
      return finish(tree, options, problems);
    }
    case 'sections':
      return finish(sectionsTree(JSON.parse(source) as Section[]), options, []);
  }
}

export async function renderMarkdown(
  markdown: string,
  options: RenderOptions,
): Promise<RenderedBody> {
  return renderSource('markdown', markdown, options);
}

/** Author HTML (WordPress post content after auto-paragraphs): same sanitizer and highlighter. */
export async function renderAuthorHtml(
  html: string,
  options: RenderOptions,
): Promise<RenderedBody> {
  return renderSource('html', html, options);
}

/** The alphanode export's body: its plain-text sections through the same HTML output. */
export function renderSections(sections: Section[], options: RenderOptions): RenderedBody {
  return renderSource('sections', JSON.stringify(sections), options);
}

/** A rendered body as an article stores it: the output, the source and the maps to replay. */
export function articleBody(
  format: BodySource['format'],
  source: string,
  rendered: RenderedBody,
): ArticleBody {
  return {
    format,
    source,
    links: rendered.links,
    images: rendered.images,
    html: rendered.html,
    toc: rendered.toc,
    text: rendered.text,
    renderVersion: RENDER_VERSION,
  };
}

/** Renders a stored source again with the current pipeline, replaying the import's link maps. */
export function rerender(body: BodySource, source: string): RenderedBody {
  return renderSource(body.format, body.source, { source, ...replayResolvers(body) });
}

export { dropLeadingTitle } from './markdown.ts';
