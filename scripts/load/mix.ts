/**
 * The load test's traffic: a fixed, seeded mix of page kinds in rough proportion to a content
 * site's (mostly articles, then listings, home, search, feed), over the whole corpus, so that the
 * requests touch both cached pages and pages the import is changing.
 */

import { seededRandom } from '../lib/generator.ts';
import { DIFFICULTIES, PROBLEMS, STACKS } from '../lib/generator-vocabulary.ts';

export type PageKind = 'article' | 'home' | 'listing' | 'search' | 'feed';

export interface MixEntry {
  kind: PageKind;
  path: string;
}

/** Percent of requests per kind. */
export const MIX_WEIGHTS: Record<PageKind, number> = {
  article: 60,
  listing: 15,
  home: 10,
  search: 10,
  feed: 5,
};

/** How many distinct requests the mix cycles through. */
const MIX_LENGTH = 20_000;

function listingPaths(): string[] {
  const stacks = [...new Set(STACKS.flatMap((s) => [s.name, ...s.tags]))];
  const tools = [...new Set(STACKS.flatMap((s) => s.tools))];
  return [
    ...stacks.map((name) => `/stack/${encodeURIComponent(name)}`),
    ...tools.map((name) => `/tools/${encodeURIComponent(name)}`),
    ...DIFFICULTIES.map((level) => `/difficulty/${encodeURIComponent(level)}`),
  ];
}

function searchPaths(): string[] {
  const words = new Set(PROBLEMS.flatMap((p) => p.name.split(/\s+/)).filter((w) => w.length > 4));
  return [...words].map((word) => `/search?${new URLSearchParams({ q: word })}`);
}

/**
 * A deterministic request sequence over `slugs`.
 *
 * @example
 * const mix = buildMix(corpus.slugs, 1);
 * mix[0] // { kind: 'article', path: '/posts/...' }
 */
export function buildMix(slugs: string[], seed: number): MixEntry[] {
  const rng = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)] as T;
  const listings = listingPaths();
  const searches = searchPaths();
  const pools: Record<PageKind, () => string> = {
    article: () => `/posts/${encodeURIComponent(pick(slugs))}`,
    listing: () => pick(listings),
    home: () => (rng() < 0.8 ? '/' : `/?page=${2 + Math.floor(rng() * 5)}`),
    search: () => pick(searches),
    feed: () => '/feed.xml',
  };
  const total = Object.values(MIX_WEIGHTS).reduce((a, b) => a + b, 0);
  const kinds = Object.entries(MIX_WEIGHTS) as [PageKind, number][];
  const kindAt = (roll: number): PageKind => {
    let below = 0;
    for (const [kind, weight] of kinds) {
      below += weight;
      if (roll < below) {
        return kind;
      }
    }
    return 'article';
  };
  return Array.from({ length: MIX_LENGTH }, () => {
    const kind = kindAt(rng() * total);
    return { kind, path: pools[kind]() };
  });
}
