/** The render pipeline's public shapes (the contract with the importer: see index.ts). */
import type { Problem } from '../problem.ts';

export interface TocEntry {
  depth: number;
  id: string;
  text: string;
}

export interface ResolvedImage {
  src: string;
  width?: number;
  height?: number;
}

export interface RenderOptions {
  /** The source file's path as the importer read it, for problems ("content/foo.md"). */
  source: string;
  /** The 1-based line of the body's first line in the source file (after front matter); default 1. */
  firstLine?: number;
  /** Maps a link href from the body (relative path, old URL, absolute URL of the same site) to a
   *  site URL such as "/posts/<slug>", or null to leave it as written. */
  resolveLink?: (href: string) => string | null;
  /** Maps an image src from the body (relative to the source file) to a stored media URL with its
   *  size, or null to leave it as written. */
  resolveImage?: (src: string) => ResolvedImage | null;
}

export interface RenderedBody {
  /** Sanitized, highlighted body HTML, ready to store and serve. */
  html: string;
  /** Headings for a table of contents (footnote headings excluded). */
  toc: TocEntry[];
  /** Plain text (no code blocks, no URLs) for search and similarity. */
  text: string;
  /** E.g. unknown template syntax, with line numbers. */
  problems: Problem[];
  /** Every link href and image src that a resolver changed, so a re-render needs no resolver. */
  links: Record<string, string>;
  images: Record<string, ResolvedImage>;
}
