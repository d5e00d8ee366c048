/**
 * The links between imported articles, resolved once the whole run is known: a body's relative
 * link to another file ("../Rust-1.26.md", Zola's "@/inside-rust/foo.md", a bundle folder), or to
 * an old URL of another article ("/2018/05/10/Rust-1.26.html", or the same on the old site's
 * host when --old-site names it) becomes that article's /posts/<slug>. The render pipeline calls
 * this for every href (src/content/render, RenderOptions.resolveLink) and records what changed.
 */
import { normalizeOldUrl } from '../content/old-urls.ts';
import { articleBody, renderSource } from '../content/render/index.ts';
import type { Parsed } from './run-checks.ts';

/** Where each article of the run can be reached from: its file and its old URLs. */
export interface LinkTargets {
  byFile: Map<string, string>;
  byOldUrl: Map<string, string>;
  /** Hosts of the old site (lowercase): an absolute link there is an internal link. */
  oldHosts: Set<string>;
}

/** "a/b/../c/index.md" → "a/c"; null when it climbs above the root. */
function collapse(path: string): string | null {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') {
      continue;
    }
    if (part === '..') {
      if (out.length === 0) {
        return null;
      }
      out.pop();
    } else {
      out.push(part);
    }
  }
  return out.join('/');
}

/** The key a file is known by: its path without extension and without a bundle's "/index". */
function fileKey(path: string): string | null {
  const collapsed = collapse(path.replace(/\\/g, '/'));
  return collapsed === null
    ? null
    : collapsed.replace(/\.(md|markdown)$/i, '').replace(/(^|\/)index$/i, '');
}

export function linkTargets(
  parsed: readonly Parsed[],
  oldSites: readonly string[] = [],
): LinkTargets {
  const targets: LinkTargets = { byFile: new Map(), byOldUrl: new Map(), oldHosts: new Set() };
  for (const p of parsed) {
    const slug = p.article.slug;
    if (slug === null) {
      continue;
    }
    const key = fileKey(p.relativePath);
    if (key !== null) {
      targets.byFile.set(key, slug);
    }
    for (const url of p.article.redirects ?? []) {
      targets.byOldUrl.set(url, slug);
    }
  }
  for (const site of oldSites) {
    try {
      targets.oldHosts.add(new URL(site).host.toLowerCase());
    } catch {
      // The CLI checks --old-site; a bad value here just resolves nothing.
    }
  }
  return targets;
}

/**
 * The resolveLink callback for one file of the run.
 *
 * @example
 * const resolve = linkResolver(targets, 'inside-rust/update.md');
 * resolve('../Rust-1.26.md#whats-new') // '/posts/rust-1-26#whats-new'
 * resolve('https://github.com/rust-lang') // null (left as written)
 */
export function linkResolver(
  targets: LinkTargets,
  relativePath: string,
): (href: string) => string | null {
  const folder = relativePath.replace(/\\/g, '/').split('/').slice(0, -1).join('/');
  return (href) => {
    const hashAt = href.indexOf('#');
    const fragment = hashAt < 0 ? '' : href.slice(hashAt);
    const target = hashAt < 0 ? href : href.slice(0, hashAt);
    if (target === '') {
      return null;
    }
    const absolute = /^[a-z][a-z0-9+.-]*:/i.test(target);
    let slug: string | undefined;
    if (absolute) {
      let url: URL;
      try {
        url = new URL(target);
      } catch {
        return null;
      }
      if (!targets.oldHosts.has(url.host.toLowerCase())) {
        return null;
      }
      const path = normalizeOldUrl(url.pathname + url.search);
      slug = path === null ? undefined : targets.byOldUrl.get(path);
    } else if (target.startsWith('@/')) {
      // Zola's internal link: a path under content/.
      const key = fileKey(target.slice(2).replace(/\?.*$/, ''));
      slug = key === null ? undefined : targets.byFile.get(key);
    } else if (target.startsWith('/')) {
      const path = normalizeOldUrl(target);
      slug = path === null ? undefined : targets.byOldUrl.get(path);
    } else {
      const key = fileKey(`${folder}/${target.replace(/\?.*$/, '')}`);
      slug = key === null ? undefined : targets.byFile.get(key);
    }
    return slug === undefined ? null : `/posts/${slug}${fragment}`;
  };
}

/**
 * Renders again, with the resolvers, each Markdown body that links to another article of the
 * run or shows stored media: most bodies link nowhere inside the site and show no local image,
 * and those keep their first render.
 */
export function resolveBodies(parsed: readonly Parsed[], targets: LinkTargets): void {
  for (const p of parsed) {
    const body = p.article.body;
    const links = p.references?.links ?? [];
    const images = p.images ?? {};
    const hasImages = Object.keys(images).length > 0;
    if (body?.format !== 'markdown' || (links.length === 0 && !hasImages)) {
      continue;
    }
    const resolveLink = linkResolver(targets, p.relativePath);
    if (!hasImages && !links.some((href) => resolveLink(href) !== null)) {
      continue;
    }
    const rendered = renderSource('markdown', body.source, {
      source: p.path,
      resolveLink,
      resolveImage: (src) => images[src] ?? null,
    });
    p.article.body = articleBody('markdown', body.source, rendered);
  }
}
