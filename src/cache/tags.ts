/**
 * Cache-Tags: the names under which a stored page can be invalidated. Every stored page carries
 * the tags of the content it shows (the rule table in rules.ts says which, per route), and the
 * importer and the cron jobs ask this module which tags a change touches, so both sides build
 * tags with the same functions and cannot drift apart.
 *
 * Tag values are slugified: Cloudflare compares tags case-insensitively and forbids spaces, and
 * "Python Services", "python services" and "python-services" must all name the same listing
 * whichever way a URL spells it. Two names that slugify alike only share a tag, which purges a
 * little more than needed and never less.
 */
import type { AppVariables } from '../app-env.ts';
import { slugify } from '../content/slug.ts';
import type { ArticlePlacement } from '../db/article-writer.ts';

/** On every stored page: invalidating it empties the whole cache (for example after a bad import). */
export const SITE_TAG = 'site';
/** Every page of the home listing (/, /?page=2, ...): the latest articles. */
export const HOME_TAG = 'listing:home';
/** Every search result page: results show titles and summaries of any article. */
export const SEARCH_TAG = 'search';
/** /feed.xml and any other feed. */
export const FEED_TAG = 'feed';
/** /sitemap.xml. */
export const SITEMAP_TAG = 'sitemap';
/** The topic indexes (/stack, /tools, /difficulty): their names and counts move with any article. */
export const TOPICS_TAG = 'topics';
/** Every 301 from an old URL, and every 404 of a URL that could have been one (routes/old-urls.ts). */
export const REDIRECTS_TAG = 'redirects';

/** The per-value tag kinds, in the form the rule table's templates use (`stack:{name}`). */
export type TagKind = 'article' | 'links-to' | 'stack' | 'tool' | 'tag' | 'difficulty';

/** A tag is lowercase ASCII letters, digits, '-' and ':' only; see tagValue(). */
export const TAG_PATTERN = /^[a-z0-9][a-z0-9:-]*$/;

/**
 * The normalised form of a value inside a tag. A value with no letters or digits at all (say
 * "++") becomes "-", so it still names a tag, shared with other such values.
 *
 * @example
 * tagValue('Python Services') // 'python-services'
 */
export function tagValue(value: string): string {
  return slugify(value) || '-';
}

/**
 * One tag of a given kind.
 *
 * @example
 * tag('stack', 'python services') // 'stack:python-services'
 * tag('article', 'my-post') // 'article:my-post'
 */
export function tag(kind: TagKind, value: string): string {
  return `${kind}:${tagValue(value)}`;
}

/**
 * The tag a page carries for each article it links to (the similar posts box), so that a change
 * to the linked article (title, slug, removal) also refreshes the pages pointing at it.
 *
 * @example
 * linksToTag('my-post') // 'links-to:my-post'
 */
export function linksToTag(slug: string): string {
  return tag('links-to', slug);
}

function placementTags(placement: ArticlePlacement): string[] {
  return [
    tag('article', placement.slug),
    linksToTag(placement.slug),
    tag('difficulty', placement.difficulty),
    ...placement.stack.map((name) => tag('stack', name)),
    ...placement.tools.map((name) => tag('tool', name)),
    ...(placement.tags ?? []).map((name) => tag('tag', name)),
  ];
}

/** Sorted and without duplicates, so results compare and log predictably. */
export function uniqueTags(tags: Iterable<string>): string[] {
  return [...new Set(tags)].sort();
}

/**
 * The tags of every page an article change affects: the article itself (old and new slug),
 * pages linking to it, every listing it appears or appeared on (home, each stack, tool and
 * difficulty, all their pages), the topic indexes, search results, feeds and the sitemap. Pass `before: null` for
 * a new article. Listings are covered under both placements, so an article moved from one stack
 * to another leaves neither listing stale.
 *
 * @example
 * const result = await writeArticle(db, input, { now: new Date() });
 * if (result.status !== 'unchanged') {
 *   await invalidate(db, tagsForArticleChange(result.before, result.after), config);
 * }
 */
export function tagsForArticleChange(
  before: ArticlePlacement | null,
  after: ArticlePlacement,
): string[] {
  return uniqueTags([
    ...(before ? placementTags(before) : []),
    ...placementTags(after),
    HOME_TAG,
    SEARCH_TAG,
    FEED_TAG,
    SITEMAP_TAG,
    TOPICS_TAG,
    // Any article change may add, drop or re-point an old URL (a new slug moves its target).
    REDIRECTS_TAG,
  ]);
}

/**
 * The tags of the article pages whose similar-posts links changed (the cron's similar job):
 * only those articles' own pages show the links.
 *
 * @example
 * tagsForSimilarLinksChange(['post-a', 'post-b']) // ['article:post-a', 'article:post-b']
 */
export function tagsForSimilarLinksChange(slugs: readonly string[]): string[] {
  return uniqueTags(slugs.map((slug) => tag('article', slug)));
}

/**
 * The Cache-Tags of what a route says its page shows, on top of those its rule gives it: each
 * other article it links to (so a change to one of them also refreshes this page), and the
 * redirects tag for a 301 to an article's address (an import may re-point it). Routes put the
 * content on c.var (`linkedArticles`, `redirectedTo`) and know no tags; the middleware calls this.
 *
 * @example
 * pageContentTags({ linkedArticles: ['post-b'] }) // ['links-to:post-b']
 */
export function pageContentTags(
  shown: Pick<AppVariables, 'linkedArticles' | 'redirectedTo'>,
): string[] {
  return [
    ...(shown.linkedArticles ?? []).map(linksToTag),
    ...(shown.redirectedTo === undefined ? [] : [REDIRECTS_TAG]),
  ];
}
