/**
 * Links and images after sanitizing: relative paths and old URLs become site URLs through the
 * importer's resolvers (recorded, so a later re-render needs no resolver), images load lazily
 * with their size when the media store knows it, and in-page links follow the ids the sanitizer
 * prefixed (footnotes, author anchors), as GitHub does with script on the client.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { CLOBBER_PREFIX } from './schema.ts';
import type { RenderOptions, ResolvedImage } from './types.ts';

/** A resolver's answer is ours, but it still goes into an attribute: only web or site URLs. */
const SAFE_URL = /^(https?:\/\/|\/(?!\/)|\.{0,2}\/|#|[^:/?#]*(?:[/?#]|$))/i;

function ids(tree: Root): Set<string> {
  const found = new Set<string>();
  visit(tree, 'element', (node) => {
    if (typeof node.properties.id === 'string') {
      found.add(node.properties.id);
    }
  });
  return found;
}

function resolveAnchor(node: Element, known: Set<string>): void {
  const href = String(node.properties.href);
  let target = href.slice(1);
  try {
    target = decodeURIComponent(target);
  } catch {
    // A malformed escape is left as written: it simply matches no id.
  }
  if (!known.has(target) && known.has(`${CLOBBER_PREFIX}${target}`)) {
    node.properties.href = `#${CLOBBER_PREFIX}${target}`;
  }
}

export interface Resolved {
  links: Record<string, string>;
  images: Record<string, ResolvedImage>;
}

/** Rewrites hrefs and srcs in place; returns what the resolvers changed. */
export function resolveLinks(tree: Root, options: RenderOptions): Resolved {
  const known = ids(tree);
  const resolved: Resolved = { links: {}, images: {} };
  visit(tree, 'element', (node) => {
    if (node.tagName === 'a' && typeof node.properties.href === 'string') {
      const href = node.properties.href;
      if (href.startsWith('#')) {
        resolveAnchor(node, known);
      } else if (!/^mailto:/i.test(href)) {
        const to = options.resolveLink?.(href) ?? null;
        if (to !== null && to !== href && SAFE_URL.test(to)) {
          node.properties.href = to;
          resolved.links[href] = to;
        }
      }
    } else if (node.tagName === 'img') {
      const src = typeof node.properties.src === 'string' ? node.properties.src : null;
      const to = src === null ? null : (options.resolveImage?.(src) ?? null);
      if (src !== null && to !== null && SAFE_URL.test(to.src)) {
        node.properties.src = to.src;
        if (to.width !== undefined && to.height !== undefined) {
          node.properties.width = to.width;
          node.properties.height = to.height;
        }
        resolved.images[src] = to;
      }
      // Below-the-fold images are most of an article's images; the browser fetches them as the
      // reader scrolls.
      node.properties.loading = 'lazy';
      node.properties.decoding = 'async';
    }
  });
  return resolved;
}

/** Resolvers that replay a stored map (for re-rendering without the import's state). */
export function replayResolvers(
  stored: Resolved,
): Pick<RenderOptions, 'resolveLink' | 'resolveImage'> {
  return {
    resolveLink: (href) => stored.links[href] ?? null,
    resolveImage: (src) => stored.images[src] ?? null,
  };
}
