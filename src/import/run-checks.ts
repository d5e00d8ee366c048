/**
 * The checks that need every file of a run at once, before anything is written: two files that
 * want one slug, redirect stubs that point at another file's article, old URLs that two
 * articles claim or that would hide a page of the site, and dates too far after the run's clock. Each problem rejects the files involved
 * (naming the others), never the run.
 */
import type { References, Skip } from '../content/markdown.ts';
import { normalizeOldUrl } from '../content/old-urls.ts';
import type { Problem } from '../content/problem.ts';
import type { ResolvedImage } from '../content/render/index.ts';
import { slugify } from '../content/slug.ts';
import type { ArticleInput } from '../content/types.ts';
import { type FieldLines, futureDateProblems } from '../content/validate.ts';
import type { PendingMedia } from './media.ts';

export interface Parsed {
  index: number;
  path: string;
  /** The path relative to the directory imported (the display path for a named file). */
  relativePath: string;
  article: ArticleInput;
  slugFromFile: boolean;
  folder: string;
  /** What a Markdown body links to and shows, as written. */
  references?: References;
  /** Problems that do not stop the import (template syntax removed from a body). */
  warnings?: Problem[];
  /** Relative image srcs of the body and the stored media they become (import/media.ts). */
  images?: Record<string, ResolvedImage>;
  /** Media objects to put before this article is written. */
  media?: PendingMedia[];
  /** Lines of the article's fields in its file, when the parser knows them. */
  lines?: FieldLines;
}

export interface StubFile {
  index: number;
  path: string;
  relativePath: string;
  skip: Skip & { redirect: NonNullable<Skip['redirect']> };
}

type Reject = (index: number, problems: Problem[]) => void;

/**
 * First path segments the site's own routes answer: an old URL under one of them would never be
 * reached (or would hide a page), so it is refused. Article URLs (/posts/...) are checked one by one.
 */
export const RESERVED_SEGMENTS = new Set([
  'search',
  'feed.xml',
  'sitemap.xml',
  'robots.txt',
  'healthz',
  'admin',
  'assets',
  'media',
  'stack',
  'tools',
  'tags',
  'difficulty',
  '__scheduled',
]);

function list(paths: string[]): string {
  return paths.join(', ');
}

/**
 * Gives each article one slug. When files without a `slug` field want the same one, each that
 * sits in a folder below the imported directory takes its folder as a prefix, as its section did
 * in the old site's URL ("inside-rust/all-hands.md" → "inside-rust-all-hands"); a clash that
 * remains rejects every file involved, naming the others. Returns who was renamed, for the summary.
 *
 * @example
 * settleSlugs([...], reject) // [{ path: 'content/inside-rust/all-hands.md', slug: 'inside-rust-all-hands' }]
 */
export function settleSlugs(parsed: Parsed[], reject: Reject): { path: string; slug: string }[] {
  const bySlug = (items: Parsed[]) => {
    const groups = new Map<string, Parsed[]>();
    for (const p of items) {
      if (p.article.slug !== null) {
        groups.set(p.article.slug, [...(groups.get(p.article.slug) ?? []), p]);
      }
    }
    return [...groups.values()].filter((g) => g.length > 1);
  };
  const qualified: { path: string; slug: string }[] = [];
  for (const group of bySlug(parsed)) {
    for (const p of group) {
      if (p.slugFromFile && p.folder !== '' && p.article.slug !== null) {
        p.article.slug = slugify(`${p.folder}-${p.article.slug}`);
        qualified.push({ path: p.path, slug: p.article.slug });
      }
    }
  }
  const rejected = new Set<Parsed>();
  for (const group of bySlug(parsed)) {
    for (const p of group) {
      rejected.add(p);
      const others = group.filter((o) => o !== p).map((o) => o.path);
      reject(p.index, [
        {
          field: 'slug',
          message: `"${p.article.slug}" is also the slug of ${list(others)}; expected one file per slug (give one of them a "slug" field; none of these files was imported)`,
        },
      ]);
    }
  }
  if (rejected.size > 0) {
    const kept = parsed.filter((p) => !rejected.has(p));
    parsed.splice(0, parsed.length, ...kept);
  }
  return qualified.filter((q) => parsed.some((p) => p.path === q.path));
}

/** "/inside-rust/all-hands" for "inside-rust/all-hands.md" or "inside-rust/all-hands/index.md". */
export function pathUrl(relativePath: string): string {
  return `/${relativePath.replace(/\\/g, '/').replace(/(\/index)?\.(md|markdown)$/i, '')}`;
}

/**
 * Turns each redirect stub into aliases of the article it points at: the target may be one of
 * that article's old URLs, its /posts/ URL, its file's path, or end in its slug. A stub whose
 * target is no article of this run is rejected.
 *
 * @example
 * attachStubs(parsed, stubs, reject) // Map { stubIndex => 'json-and-go' }
 */
export function attachStubs(
  parsed: Parsed[],
  stubs: StubFile[],
  reject: Reject,
): Map<number, string> {
  const resolved = new Map<number, string>();
  for (const stub of stubs) {
    const target = normalizeOldUrl(stub.skip.redirect.target);
    const lastSegment = slugify(target?.split('/').pop() ?? '');
    const article =
      target === null
        ? undefined
        : (parsed.find((p) => p.article.redirects?.includes(target)) ??
          parsed.find((p) => `/posts/${p.article.slug}` === target) ??
          parsed.find((p) => pathUrl(p.relativePath) === target) ??
          parsed.find((p) => p.article.slug === lastSegment));
    if (!article || article.article.slug === null) {
      reject(stub.index, [
        {
          field: 'redirect',
          message: `"${stub.skip.redirect.target}" is not the URL of an article in this import; expected the path of one (its old URL, /posts/<slug>, or its file's path)`,
        },
      ]);
      continue;
    }
    const redirects = article.article.redirects ?? [];
    for (const from of stub.skip.redirect.from) {
      const url = normalizeOldUrl(from);
      if (url !== null && !redirects.includes(url)) {
        redirects.push(url);
      }
    }
    article.article.redirects = redirects;
    resolved.set(stub.index, article.article.slug);
  }
  return resolved;
}

/** The /posts/<slug> an old URL names, when it is one. */
export function postSlugOf(url: string): string | null {
  const match = /^\/posts\/([^/?]+)$/.exec(url);
  return match ? (match[1] as string).toLowerCase() : null;
}

/**
 * Refuses old URLs that would hide a page of the site (a reserved route, another article's
 * /posts/ URL), loop to themselves (the article's own /posts/ URL), or that two articles claim.
 */
export function checkOldUrls(parsed: Parsed[], reject: Reject): void {
  const slugs = new Map(parsed.map((p) => [p.article.slug, p]));
  const claims = new Map<string, Parsed[]>();
  const bad = new Map<Parsed, Problem[]>();
  const problem = (p: Parsed, message: string) =>
    bad.set(p, [...(bad.get(p) ?? []), { field: 'aliases', message }]);
  for (const p of parsed) {
    for (const url of p.article.redirects ?? []) {
      claims.set(url, [...(claims.get(url) ?? []), p]);
      const first = url.split(/[/?]/)[1] ?? '';
      const postSlug = postSlugOf(url);
      if (url === '/' || RESERVED_SEGMENTS.has(first)) {
        problem(
          p,
          `"${url}" would hide the site's own page at that URL; expected an old URL of this article`,
        );
      } else if (postSlug !== null && postSlug === p.article.slug) {
        problem(p, `"${url}" is this article's own URL: the redirect would loop`);
      } else if (postSlug !== null && slugs.has(postSlug)) {
        problem(
          p,
          `"${url}" would hide the article ${slugs.get(postSlug)?.path}; expected an old URL of this article`,
        );
      }
    }
  }
  for (const [url, claimers] of claims) {
    const files = [...new Set(claimers)];
    if (files.length > 1) {
      for (const p of files) {
        const others = files.filter((o) => o !== p).map((o) => o.path);
        problem(
          p,
          `"${url}" is also an old URL of ${list(others)}; expected each old URL in one article`,
        );
      }
    }
  }
  if (bad.size === 0) {
    return;
  }
  for (const [p, problems] of bad) {
    reject(p.index, problems);
  }
  const kept = parsed.filter((p) => !bad.has(p));
  parsed.splice(0, parsed.length, ...kept);
}

/**
 * Refuses articles dated further ahead of the import than `futureDays` (validate.ts
 * futureDateProblems): the horizon is measured from the run's clock, so it is a check of the run.
 */
export function checkDates(
  parsed: Parsed[],
  now: Date,
  futureDays: number | undefined,
  reject: Reject,
): void {
  const bad = new Set<Parsed>();
  for (const p of parsed) {
    const problems = futureDateProblems(p.article, now, futureDays, p.lines);
    if (problems.length > 0) {
      bad.add(p);
      reject(p.index, problems);
    }
  }
  if (bad.size > 0) {
    const kept = parsed.filter((p) => !bad.has(p));
    parsed.splice(0, parsed.length, ...kept);
  }
}
