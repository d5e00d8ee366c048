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
import type { Section } from '../types.ts';
import { authorHtmlTree } from './author-html.ts';
import { finish } from './finish.ts';
import { replayResolvers } from './links.ts';
import { markdownTree } from './markdown.ts';
import { sectionsTree } from './sections.ts';
import type { RenderedBody, RenderOptions, ResolvedImage } from './types.ts';

export type {
  RenderedBody,
  RenderOptions,
  RenderProblem,
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

export async function renderMarkdown(
  markdown: string,
  options: RenderOptions,
): Promise<RenderedBody> {
  const { tree, problems } = markdownTree(markdown, where(options));
  return finish(tree, options, problems);
}

/** Author HTML (WordPress post content after auto-paragraphs): same sanitizer and highlighter. */
export async function renderAuthorHtml(
  html: string,
  options: RenderOptions,
): Promise<RenderedBody> {
  const { tree, problems } = authorHtmlTree(html, where(options));
  return finish(tree, options, problems);
}

/** The alphanode export's body: its plain-text sections through the same HTML output. */
export function renderSections(sections: Section[], options: RenderOptions): RenderedBody {
  return finish(sectionsTree(sections), options, []);
}

/** What is stored to render a body again without the source files or the importer's state. */
export interface BodySource {
  format: 'markdown' | 'html' | 'sections';
  /** Markdown or HTML as imported; for 'sections', the sections as JSON. */
  source: string;
  links: Record<string, string>;
  images: Record<string, ResolvedImage>;
}

/** Renders a stored source again with the current pipeline, replaying the import's link maps. */
export async function rerender(body: BodySource, source: string): Promise<RenderedBody> {
  const options: RenderOptions = { source, ...replayResolvers(body) };
  switch (body.format) {
    case 'markdown':
      return renderMarkdown(body.source, options);
    case 'html':
      return renderAuthorHtml(body.source, options);
    case 'sections':
      return renderSections(JSON.parse(body.source) as Section[], options);
  }
}
