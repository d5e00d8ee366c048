/**
 * Every edge cache rule, as data. The middleware (middleware.ts), the documentation generator
 * (docs/CACHE_RULES.md via `npm run docs:cache`) and the tests all read this one table, so what
 * the docs promise is what runs and what is tested: each rule's examples are executed by
 * test/cache/rules-examples.test.ts.
 *
 * Times are in seconds. Rules are tried in order; the first rule with a matching route wins, and
 * a path no rule matches is passed through uncached (x-cache-rule: none).
 */
import { FEED_TAG, HOME_TAG, REDIRECTS_TAG, SEARCH_TAG, SITEMAP_TAG, TOPICS_TAG } from './tags.ts';

/** A path pattern: `:name` matches one segment, a final `*` matches the rest of the path. */
export interface RouteSpec {
  path: string;
  /** Cache-Tag templates: `{name}` is replaced by the normalised route parameter. */
  tags: string[];
}

/** What a request is expected to get, as a test asserts it and the docs describe it. */
export type ExampleOutcome =
  | { kind: 'cached'; sameEntryAs?: string }
  | { kind: 'bypass'; reason: string }
  | { kind: 'not-stored'; reason: string };

export interface RuleExample {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  outcome: ExampleOutcome;
  note: string;
}

interface RuleBase {
  name: string;
  /** What the rule covers and why its numbers are what they are. */
  summary: string;
  routes: RouteSpec[];
  examples: RuleExample[];
}

export interface CachedRule extends RuleBase {
  policy: 'cache';
  /** Served as HIT for this long after being stored. */
  edgeTtl: number;
  /** max-age sent to browsers: short, because a browser's copy cannot be purged. */
  browserTtl: number;
  /** Adds `immutable` for browsers: only for URLs whose content never changes (hashed names). */
  immutable?: boolean;
  /** Past edgeTtl but within this window: served at once (STALE) and refreshed in the background. */
  staleWhileRevalidate: number;
  /** Past edgeTtl but within this window: served (STALE, x-cache-stale: error) when rendering fails. */
  staleIfError: number;
  /** A 404 is stored this long (0: never), so unknown URLs cannot make every request hit D1. */
  notFoundTtl: number;
  /** The query parameters that are part of the key; every other parameter is dropped from it. */
  keyParams: string[];
  /** A 301 the route answers is stored too (for edgeTtl), tagged like the rule's pages. */
  storeRedirects?: boolean;
}

export interface NeverCachedRule extends RuleBase {
  policy: 'never';
}

export type CacheRule = CachedRule | NeverCachedRule;

/**
 * How a key treats the query string, as docs/CACHE_RULES.md states it (src/cache/key.ts does it;
 * test/cache/key.test.ts and the fuzz suite in test/cache/fuzz/ hold it to it).
 */
export const KEY_PARAMETER_RULES: readonly string[] = [
  "only the rule's key parameters are kept; every other parameter (tracking, unknown, misspelt) is dropped",
  'a repeated key parameter keeps its **first** value, the one the route reads, and the others are dropped: `/?page=2&page=x1&page=x2` is the entry of `/?page=2`, so junk values cannot multiply entries',
  'key parameter names are matched exactly as the routes read them: case-sensitive (`?PAGE=2` is not `page`, so it is dropped, and the route ignores it too), after percent-decoding (`?pa%67e=2` is `page=2`)',
  'values are percent-decoded and re-encoded, so `q=a%20b` and `q=a+b` share an entry',
];

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A real article from the seed set, used by the examples (the tests import it). */
export const EXAMPLE_SLUG =
  'building-a-safer-workflow-for-building-safer-deployment-steps-with-python-services';
const post = `/posts/${EXAMPLE_SLUG}`;

export const CACHE_RULES: readonly CacheRule[] = [
  {
    name: 'article',
    policy: 'cache',
    summary:
      'One article page. Content changes only on import or when the cron refreshes scores or similar links, and both invalidate the page, so the edge TTL can be long; the TTL only bounds how long a page survives if an invalidation is ever missed.',
    routes: [{ path: '/posts/:slug', tags: ['article:{slug}'] }],
    edgeTtl: HOUR,
    browserTtl: MINUTE,
    staleWhileRevalidate: DAY,
    staleIfError: 3 * DAY,
    notFoundTtl: MINUTE,
    keyParams: [],
    examples: [
      { path: post, outcome: { kind: 'cached' }, note: 'the article page' },
      {
        path: `${post}?utm_source=newsletter&utm_medium=email&fbclid=IwAR0x&gclid=Cj0K`,
        outcome: { kind: 'cached', sameEntryAs: post },
        note: 'tracking parameters are dropped from the key: one entry for every campaign',
      },
      {
        path: '/posts/no-such-article',
        outcome: { kind: 'cached' },
        note: 'a 404 is stored for 60 s (notFoundTtl); importing that slug invalidates it',
      },
      {
        path: `${post}?preview=1`,
        outcome: { kind: 'bypass', reason: 'query=preview' },
        note: 'preview links always render from D1',
      },
      {
        path: post,
        headers: { cookie: 'theme=dark; alphanode_session=abc123' },
        outcome: { kind: 'bypass', reason: 'cookie=alphanode_session' },
        note: 'a signed-in session sees its own render; other cookies (theme) change nothing',
      },
      {
        path: post,
        headers: { cookie: '__Secure-ALPHANODE_SESSION=abc123' },
        outcome: { kind: 'bypass', reason: 'cookie=alphanode_session' },
        note: 'cookie names match in any case and with a __Secure- or __Host- prefix',
      },
      {
        path: `${post}?Preview=1`,
        outcome: { kind: 'bypass', reason: 'query=preview' },
        note: 'preview parameters match in any case',
      },
      {
        path: post,
        headers: { authorization: 'Bearer abc' },
        outcome: { kind: 'bypass', reason: 'authorization' },
        note: 'authenticated requests are never served from or stored in the shared cache',
      },
    ],
  },
  {
    name: 'home',
    policy: 'cache',
    summary:
      'The home page: the latest articles, paginated. Every article change invalidates all of its pages (tag listing:home), so page 2 never keeps showing what moved to page 3. `p` and `page_id` are WordPress permalinks (/?p=123): they are part of the key so that they never get the home page, and answer 301 to the article (not stored: rare, and each is a different key).',
    routes: [{ path: '/', tags: [HOME_TAG] }],
    edgeTtl: 5 * MINUTE,
    browserTtl: MINUTE,
    staleWhileRevalidate: HOUR,
    staleIfError: DAY,
    notFoundTtl: 0,
    keyParams: ['page', 'p', 'page_id'],
    examples: [
      { path: '/', outcome: { kind: 'cached' }, note: 'page 1' },
      { path: '/?page=2', outcome: { kind: 'cached' }, note: 'each page has its own entry' },
      {
        path: '/?page=2&utm_campaign=spring&ref=hn',
        outcome: { kind: 'cached', sameEntryAs: '/?page=2' },
        note: 'unknown parameters are dropped, `page` is kept',
      },
      {
        path: '/?page=2&page=x1&page=x2',
        outcome: { kind: 'cached', sameEntryAs: '/?page=2' },
        note: 'a repeated key parameter keeps its first value: junk repeats add no entry',
      },
      {
        path: '/',
        method: 'POST',
        outcome: { kind: 'bypass', reason: 'method=POST' },
        note: 'only GET and HEAD are cached',
      },
      {
        path: '/?p=123',
        outcome: { kind: 'not-stored', reason: 'status=404' },
        note: 'a WordPress permalink is never the home page: a 301 to its article, or a 404',
      },
    ],
  },
  {
    name: 'listing',
    policy: 'cache',
    summary:
      'Listings by stack, tool, topic tag and difficulty, paginated. An article change invalidates every listing it appears or appeared on (old and new stack, tools, tags, difficulty).',
    routes: [
      { path: '/stack/:name', tags: ['stack:{name}'] },
      { path: '/tools/:name', tags: ['tool:{name}'] },
      { path: '/tags/:name', tags: ['tag:{name}'] },
      { path: '/difficulty/:level', tags: ['difficulty:{level}'] },
    ],
    edgeTtl: 10 * MINUTE,
    browserTtl: MINUTE,
    staleWhileRevalidate: HOUR,
    staleIfError: DAY,
    notFoundTtl: MINUTE,
    keyParams: ['page'],
    examples: [
      { path: '/stack/python', outcome: { kind: 'cached' }, note: 'a stack listing' },
      { path: '/tools/pytest?page=1', outcome: { kind: 'cached' }, note: 'a tool listing' },
      { path: '/difficulty/beginner', outcome: { kind: 'cached' }, note: 'a difficulty listing' },
      {
        path: '/tags/no-such-topic',
        outcome: { kind: 'cached' },
        note: 'a topic listing (a 404 when no article has the tag, stored for 60 s)',
      },
      {
        path: '/stack/python?gclid=abc&page=1',
        outcome: { kind: 'cached', sameEntryAs: '/stack/python?page=1' },
        note: 'gclid is dropped',
      },
    ],
  },
  {
    name: 'topics',
    policy: 'cache',
    summary:
      'The topic indexes: every tag, stack, tool and difficulty with its article count. Any article change can move a count, so every change invalidates them (tag topics).',
    // One path per entry of TOPIC_INDEXES (src/pages/topics.ts).
    routes: [
      { path: '/tags', tags: [TOPICS_TAG] },
      { path: '/stack', tags: [TOPICS_TAG] },
      { path: '/tools', tags: [TOPICS_TAG] },
      { path: '/difficulty', tags: [TOPICS_TAG] },
    ],
    edgeTtl: 10 * MINUTE,
    browserTtl: MINUTE,
    staleWhileRevalidate: HOUR,
    staleIfError: DAY,
    notFoundTtl: 0,
    keyParams: [],
    examples: [
      { path: '/tools', outcome: { kind: 'cached' }, note: 'the tools index' },
      {
        path: '/stack?page=2',
        outcome: { kind: 'cached', sameEntryAs: '/stack' },
        note: 'an index is one page: every parameter is dropped',
      },
    ],
  },
  {
    name: 'search',
    policy: 'cache',
    summary:
      'Full-text search results. Short TTL: the result set for a query is cheap to recompute and any article change invalidates all of it (tag search); keyed by q and page only, in any order.',
    routes: [{ path: '/search', tags: [SEARCH_TAG] }],
    edgeTtl: MINUTE,
    browserTtl: 0,
    staleWhileRevalidate: 5 * MINUTE,
    staleIfError: HOUR,
    notFoundTtl: 0,
    keyParams: ['q', 'page'],
    examples: [
      { path: '/search?q=deployment&page=2', outcome: { kind: 'cached' }, note: 'a result page' },
      {
        path: '/search?page=2&utm_source=x&q=deployment',
        outcome: { kind: 'cached', sameEntryAs: '/search?q=deployment&page=2' },
        note: 'the order of kept parameters does not matter',
      },
      {
        path: '/search?q=deployment&q=N&page=2&page=-1',
        outcome: { kind: 'cached', sameEntryAs: '/search?q=deployment&page=2' },
        note: 'repeated q and page: the first of each is the key and the query',
      },
    ],
  },
  {
    name: 'feeds',
    policy: 'cache',
    summary:
      'The RSS feed and the sitemap: read by crawlers and feed readers in bursts, invalidated by every article change.',
    routes: [
      { path: '/feed.xml', tags: [FEED_TAG] },
      { path: '/sitemap.xml', tags: [SITEMAP_TAG] },
    ],
    edgeTtl: 10 * MINUTE,
    browserTtl: 5 * MINUTE,
    staleWhileRevalidate: HOUR,
    staleIfError: DAY,
    notFoundTtl: 0,
    keyParams: [],
    examples: [
      { path: '/feed.xml', outcome: { kind: 'cached' }, note: 'the feed' },
      { path: '/sitemap.xml?utm_source=x', outcome: { kind: 'cached' }, note: 'the sitemap' },
    ],
  },
  {
    name: 'robots',
    policy: 'cache',
    summary: 'robots.txt: changes only with a deploy, and a deploy starts a fresh cache (key.ts).',
    routes: [{ path: '/robots.txt', tags: [] }],
    edgeTtl: DAY,
    browserTtl: HOUR,
    staleWhileRevalidate: DAY,
    staleIfError: 3 * DAY,
    notFoundTtl: 0,
    keyParams: [],
    examples: [{ path: '/robots.txt', outcome: { kind: 'cached' }, note: 'robots.txt' }],
  },
  {
    name: 'static',
    policy: 'cache',
    summary:
      'Static files under /assets (the stylesheet). Their names change with their content, so browsers keep them for a year; the edge copy saves the Worker from building them, and a deploy starts a fresh cache.',
    routes: [{ path: '/assets/*', tags: [] }],
    edgeTtl: DAY,
    browserTtl: 365 * DAY,
    immutable: true,
    staleWhileRevalidate: DAY,
    staleIfError: 3 * DAY,
    notFoundTtl: MINUTE,
    keyParams: [],
    examples: [
      {
        path: '/assets/site.00000000.css',
        outcome: { kind: 'cached' },
        note: "a stylesheet name from an older deploy: the 404 is stored for 60 s; today's stylesheet (named after its hash) is stored for a day",
      },
    ],
  },
  {
    name: 'media',
    policy: 'cache',
    summary:
      'Images of imported articles, from the MEDIA bucket (R2). Each name is a hash of the bytes, so what a name answers never changes: browsers keep it for a year (immutable) and the edge for a day, which spares R2 a read per view. An unknown name is a 404, stored for a minute.',
    routes: [{ path: '/media/*', tags: [] }],
    edgeTtl: DAY,
    browserTtl: 365 * DAY,
    immutable: true,
    staleWhileRevalidate: DAY,
    staleIfError: 3 * DAY,
    notFoundTtl: MINUTE,
    keyParams: [],
    examples: [
      {
        path: '/media/0123456789abcdef.png',
        outcome: { kind: 'cached' },
        note: 'an image no import stored: the 404 is stored for 60 s; a stored image is stored for a day',
      },
    ],
  },
  {
    name: 'admin',
    policy: 'never',
    summary:
      'Admin endpoints (job status, manual refresh): personal to the operator and changing on every call.',
    routes: [
      { path: '/admin', tags: [] },
      { path: '/admin/*', tags: [] },
    ],
    examples: [
      {
        path: '/admin/jobs',
        outcome: { kind: 'bypass', reason: 'rule=never' },
        note: 'never stored, whatever the headers',
      },
    ],
  },
  {
    name: 'health',
    policy: 'never',
    summary: 'The health check must report the live state of D1 and the jobs, never a stored one.',
    routes: [{ path: '/healthz', tags: [] }],
    examples: [
      {
        path: '/healthz',
        outcome: { kind: 'bypass', reason: 'rule=never' },
        note: 'always live',
      },
    ],
  },
  {
    name: 'old-url',
    policy: 'cache',
    summary:
      "Every other path, last in the table: an old URL of an imported article (a Zola `path`, Hugo `aliases`, a redirect stub, a WordPress permalink; with or without `.html` or a trailing `/`) or an article URL written another way (/posts/My-Post/) answers 301 to the article's /posts/<slug>, and anything else 404. Both are stored: the 301 for a day (an old URL moves only on import, and every import invalidates the tag `redirects`), the 404 for a minute. Browsers keep a 301 for an hour, not forever, so a later import can still re-point it.",
    routes: [{ path: '/*', tags: [REDIRECTS_TAG] }],
    edgeTtl: DAY,
    browserTtl: HOUR,
    staleWhileRevalidate: 0,
    staleIfError: DAY,
    notFoundTtl: MINUTE,
    keyParams: [],
    storeRedirects: true,
    examples: [
      {
        path: `${post}/`,
        outcome: { kind: 'cached' },
        note: 'a trailing slash: 301 to the canonical article URL, stored',
      },
      {
        path: '/2018/05/10/no-such-post.html',
        outcome: { kind: 'cached' },
        note: 'an unknown old URL: the 404 is stored for 60 s; importing an article with that alias invalidates it',
      },
      {
        path: '/2018/05/10/no-such-post.html?utm_source=x',
        outcome: { kind: 'cached', sameEntryAs: '/2018/05/10/no-such-post.html' },
        note: 'query parameters are dropped: old links carry all sorts of them',
      },
    ],
  },
];

/** How long a stored copy of a page under `rule` can still be served, in seconds. */
export function entryLifetime(rule: CachedRule): number {
  return rule.edgeTtl + Math.max(rule.staleWhileRevalidate, rule.staleIfError);
}
