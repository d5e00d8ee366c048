/**
 * Renders docs/CACHE_RULES.md from the rule table and the constants the middleware runs on
 * (`npm run docs:cache` writes it; test/scripts/rules-doc.test.ts fails when it is out of date), so
 * the page people debug with cannot drift from what the Worker does.
 */
import { BYPASS_CONDITIONS, PREVIEW_PARAMS, SESSION_COOKIES } from '../../src/cache/bypass.ts';
import { GENERATION_MAX_AGE_MS, GENERATION_REFRESH_AFTER_MS } from '../../src/cache/generation.ts';
import { HOT_PAGE_MAX_BYTES, HOT_PAGES_MAX_BYTES } from '../../src/cache/hot-pages.ts';
import { PURGE_MAX_TAGS_PER_REQUEST, TAG_RETENTION_SECONDS } from '../../src/cache/invalidate.ts';
import { VERSION_PARAM } from '../../src/cache/key.ts';
import {
  CACHE_RULES,
  type CachedRule,
  type CacheRule,
  KEY_PARAMETER_RULES,
  type RuleExample,
} from '../../src/cache/rules.ts';
import { SITE_TAG, tagsForArticleChange } from '../../src/cache/tags.ts';
import { RETRY_AFTER_SECONDS } from '../../src/cache/unavailable.tsx';

/** 3600 → "1 h", 86400 → "1 day", 0 → "0". */
export function duration(seconds: number): string {
  const units: [number, string, string][] = [
    [86_400, 'day', 'days'],
    [3_600, 'h', 'h'],
    [60, 'min', 'min'],
  ];
  for (const [size, one, many] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${n === 1 ? one : many}`;
    }
  }
  return seconds === 0 ? '0' : `${seconds} s`;
}

const code = (text: string) => `\`${text}\``;

function outcomeText(example: RuleExample): string {
  const { outcome } = example;
  switch (outcome.kind) {
    case 'cached':
      return outcome.sameEntryAs
        ? `cached, same entry as ${code(outcome.sameEntryAs)}`
        : 'cached: MISS, then HIT';
    case 'bypass':
      return `BYPASS, ${code(`x-cache-bypass: ${outcome.reason}`)}`;
    case 'not-stored':
      return `MISS every time, ${code(`x-cache-not-stored: ${outcome.reason}`)}`;
  }
}

function requestText(example: RuleExample): string {
  const headers = Object.entries(example.headers ?? {})
    .map(([name, value]) => ` + ${code(`${name}: ${value}`)}`)
    .join('');
  return `${code(`${example.method ?? 'GET'} ${example.path}`)}${headers}`;
}

function summaryRow(rule: CacheRule): string {
  const routes = rule.routes.map((r) => code(r.path)).join(' ');
  if (rule.policy === 'never') {
    return `| ${rule.name} | ${routes} | never cached | | | | | | |`;
  }
  const keep = rule.keyParams.length > 0 ? rule.keyParams.map(code).join(', ') : 'none';
  const browser = `${duration(rule.browserTtl)}${rule.immutable ? ', immutable' : ''}`;
  return `| ${rule.name} | ${routes} | ${duration(rule.edgeTtl)} | ${browser} | ${duration(rule.staleWhileRevalidate)} | ${duration(rule.staleIfError)} | ${rule.notFoundTtl > 0 ? duration(rule.notFoundTtl) : 'not stored'} | ${keep} | ${
    rule.routes
      .flatMap((r) => r.tags)
      .map(code)
      .join(' ') || '—'
  } |`;
}

function ruleSection(rule: CacheRule): string[] {
  const lines = [`### ${rule.name}`, '', rule.summary, ''];
  if (rule.policy === 'cache') {
    lines.push(...cachedDetails(rule));
  } else {
    lines.push(
      'Policy: **never cached**. Every request is rendered and answered with `x-cache: BYPASS`, `x-cache-bypass: rule=never`.',
      '',
    );
  }
  lines.push('| request | result | why |', '| --- | --- | --- |');
  for (const example of rule.examples) {
    lines.push(`| ${requestText(example)} | ${outcomeText(example)} | ${example.note} |`);
  }
  lines.push('');
  return lines;
}

function cachedDetails(rule: CachedRule): string[] {
  const routes = rule.routes.map(
    (r) => `${code(r.path)} (tags ${[...r.tags, SITE_TAG].map(code).join(', ')})`,
  );
  const kept =
    rule.keyParams.length > 0
      ? `${rule.keyParams.map(code).join(', ')} (sorted by name); every other parameter is dropped`
      : 'none; every query parameter is dropped';
  return [
    `- Routes: ${routes.join('; ')}`,
    `- Fresh at the edge for ${duration(rule.edgeTtl)}; browsers get ${code(rule.browserTtl > 0 ? `Cache-Control: public, max-age=${rule.browserTtl}${rule.immutable ? ', immutable' : ''}` : 'Cache-Control: public, max-age=0, must-revalidate')}`,
    `- Stale-while-revalidate ${duration(rule.staleWhileRevalidate)}, stale-if-error ${duration(rule.staleIfError)}`,
    `- 404: ${rule.notFoundTtl > 0 ? `stored for ${duration(rule.notFoundTtl)}` : 'not stored'}`,
    `- 301: ${rule.storeRedirects ? `stored for ${duration(rule.edgeTtl)}` : 'not stored'}`,
    `- Key parameters: ${kept}`,
    '',
  ];
}

function seedTags(): string {
  const tags = tagsForArticleChange(
    { slug: 'my-post', difficulty: 'beginner', stack: ['python'], tools: ['pytest'] },
    {
      slug: 'my-post',
      difficulty: 'intermediate',
      stack: ['python', 'fastapi'],
      tools: ['pytest'],
    },
  );
  return tags.map(code).join(', ');
}

/** The whole of docs/CACHE_RULES.md. */
export function renderCacheRules(rules: readonly CacheRule[] = CACHE_RULES): string {
  const maxAge = GENERATION_MAX_AGE_MS / 1000;
  const refresh = GENERATION_REFRESH_AFTER_MS / 1000;
  const lines = [
    '# Edge cache rules',
    '',
    '> Generated from `src/cache/rules.ts` by `npm run docs:cache`. Do not edit by hand:',
    '> `test/scripts/rules-doc.test.ts` fails when this file and the code disagree.',
    '',
    'Pages are cached inside the Worker with the Cache API (`caches.default`), by the middleware in',
    '`src/cache/middleware.ts`, under the rules below. Every rule is data in `src/cache/rules.ts`;',
    'the examples in each rule are run by `test/cache/rule-examples.test.ts` against real D1.',
    '',
    '## Debugging from the response headers',
    '',
    'Every response says what the cache did:',
    '',
    '| header | values | meaning |',
    '| --- | --- | --- |',
    '| `x-cache` | `HIT` | served from the edge cache, no D1 call (`x-db-calls: 0`) |',
    '| | `MISS` | rendered from D1 just now; stored unless `x-cache-not-stored` says why not |',
    '| | `STALE` | a stored copy past its edge TTL, served at once; `x-cache-stale` says why |',
    '| | `BYPASS` | the cache was not used at all; `x-cache-bypass` says why |',
    '| `x-cache-rule` | rule name, or `none` | which rule below matched the path |',
    '| `x-cache-bypass` | see [Bypass conditions](#bypass-conditions) | why the cache was skipped |',
    '| `x-cache-stale` | `revalidate` | inside the stale-while-revalidate window: a background render is replacing it |',
    '| | `error` | rendering failed (D1 down): the last good copy stands in |',
    '| `x-cache-not-stored` | see [Never stored](#never-stored) | why a MISS was not stored |',
    "| `x-cache-coalesced` | `1` | a HIT that waited for another request's render of the same page (no D1 call of its own) |",
    "| `x-cache-source` | `memory` | a HIT or STALE served from this isolate's own copy (see [In-memory copies](#in-memory-copies)) |",
    '| | `cache-api` | read from the Cache API (and kept in memory for the next request) |',
    '| `x-cache-key` | a URL | the normalised key the page is stored under (operator only, below) |',
    '| `x-cache-tags` | tags | the Cache-Tags the stored page carries, what invalidates it (operator only) |',
    '| `age` | seconds | how long ago the served copy was rendered |',
    '| `etag` | `"…"` | send it back in `If-None-Match` to get a 304 |',
    '| `x-db-calls` | number | D1 round trips this request waited for |',
    '',
    "`x-cache-key` and `x-cache-tags` describe the cache's layout (the key holds the deployed version",
    'id), so they are sent only to a request carrying the admin token: `x-admin-token: <ADMIN_TOKEN>`',
    'keeps the request cacheable, so a HIT can be inspected (`src/observe/internal-headers.ts`).',
    '',
    'Typical questions:',
    '',
    '- *"My change does not show."* Look at `age` and `x-cache-tags` on the page. The change must',
    '  invalidate one of those tags (the importer and cron do, through `src/cache/tags.ts`); then the',
    `  page is re-rendered within ${maxAge} s (see [Invalidation](#invalidation)).`,
    '- *"This page is never cached."* Read `x-cache-bypass` or `x-cache-not-stored`: a session',
    '  cookie, a preview parameter, a `Set-Cookie` or `Cache-Control: private` from the route, a',
    '  status other than 200/404, or a request Host other than `SITE_URL`.',
    '- *"Two URLs should share an entry but do not."* Compare their `x-cache-key`: only the rule\'s',
    '  key parameters are kept, so a difference there is a parameter the rule keys on.',
    '- *"D1 is slow or down."* `x-cache: STALE` with `x-cache-stale: error` means a stored copy',
    `  covered for it; a 503 with \`Retry-After: ${RETRY_AFTER_SECONDS}\` means no copy was recent enough.`,
    '',
    '```sh',
    'curl -sI -H "x-admin-token: $ADMIN_TOKEN" https://SITE/posts/some-slug | grep -iE "^(x-cache|age|etag|x-db-calls)"',
    '```',
    '',
    '## Rules',
    '',
    'Rules are tried in order; the first route that matches decides. A path no rule matches is',
    'rendered uncached (`x-cache-rule: none`, `x-cache-bypass: no-rule`).',
    '',
    '| rule | routes | edge TTL | browser TTL | stale-while-revalidate | stale-if-error | 404 | key parameters | tags |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rules.map(summaryRow),
    '',
    `Every stored page also carries the tag ${code(SITE_TAG)}; invalidating it empties the whole cache.`,
    '',
    ...rules.flatMap(ruleSection),
    '## Bypass conditions',
    '',
    'These apply to every rule, checked in this order; the first that holds is reported in',
    '`x-cache-bypass`, and the response is neither read from nor written to the cache:',
    '',
    '| `x-cache-bypass` | when |',
    '| --- | --- |',
    ...BYPASS_CONDITIONS.map((b) => `| ${code(b.reason)} | ${b.when} |`),
    '',
    'Other cookies (analytics, theme) do not bypass and are never part of the key: the site renders',
    `nothing from them. Session cookies (${SESSION_COOKIES.map(code).join(', ')}) and preview`,
    `parameters (${PREVIEW_PARAMS.map(code).join(', ')}) are listed in \`src/cache/bypass.ts\`.`,
    '',
    '### Client `Cache-Control: no-cache`',
    '',
    "A request's `Cache-Control: no-cache` or `Pragma: no-cache` (a browser reload) is **ignored**",
    'by the edge cache: the stored page is served as usual. Honouring it would let anyone force a',
    'D1 render on every request by sending one header in a loop. Freshness does not depend on it:',
    'changes reach the cache through invalidation, and browsers only keep pages for the short',
    'browser TTL.',
    '',
    '## Never stored',
    '',
    'A MISS is rendered and sent but not stored (`x-cache-not-stored`) when:',
    '',
    '| `x-cache-not-stored` | when |',
    '| --- | --- |',
    '| `status=<code>` | the status is not 200, except a 404 under a rule with a 404 TTL (stored that long, so unknown URLs cannot make every request reach D1; importing the slug invalidates it) |',
    '| `set-cookie` | the response sets a cookie |',
    '| `cache-control=private` / `no-store` / `no-cache` | the route marked the response private or uncacheable |',
    "| `host` | the request's Host is not `SITE_URL`'s: keys use `SITE_URL`, so a page rendered for another host (whose links might name that host) is never stored for everyone; it can still be served a copy stored for `SITE_URL` |",
    '| `generation-unavailable` | the content generations could not be read from D1, so nothing could later tell whether the page went stale |',
    '',
    'Responses that are not stored and carry no `Cache-Control` of their own get `no-store`.',
    '',
    '## Keys',
    '',
    "A key is `SITE_URL`'s origin, the request path, the rule's key parameters sorted by name",
    `(one value each), and ${code(`${VERSION_PARAM}=<deployed version id>`)}. Query parameters:`,
    '',
    ...KEY_PARAMETER_RULES.map((rule) => `- ${rule};`),
    '',
    'So:',
    '',
    '- tracking parameters (`utm_*`, `fbclid`, `gclid`, anything not listed) never split a page into',
    '  several entries, and cannot be used to fill the cache with junk keys;',
    '- the Host header never reaches the key, so a forged Host cannot poison pages;',
    '- a deploy starts from an empty cache instead of serving markup rendered by the previous version.',
    '',
    '## Stale serving',
    '',
    '- **Stale-while-revalidate.** Past its edge TTL but inside the window, a stored 200 is served',
    '  at once (`x-cache: STALE`, `x-cache-stale: revalidate`) and the page is rendered again in the',
    '  background (`ctx.waitUntil`, one refresh per page per isolate at a time) to replace it.',
    '- **Stale-if-error.** When rendering fails (D1 errors, any 5xx), the last stored copy is served',
    '  instead (`x-cache: STALE`, `x-cache-stale: error`): a 200 or 301 inside the window, a 404',
    '  inside its 404 TTL (so "no such page" stays a 404 while D1 is down), even if it was invalidated',
    '  since: an outdated page beats an error page. Outside the window the answer is a plain 503 page',
    `  with \`Retry-After: ${RETRY_AFTER_SECONDS}\` and \`Cache-Control: no-store\`, never an error message or stack trace.`,
    '- **One render per page at a time.** Concurrent MISSes of the same key in one isolate share the',
    "  first one's render (`x-cache: HIT`, `x-cache-coalesced: 1`), so a popular page that was just",
    '  invalidated costs one D1 render per isolate, not one per waiting visitor.',
    '- **ETag.** Stored pages carry a strong ETag (SHA-256 of the body); a matching `If-None-Match`',
    '  gets a 304 on a HIT, a STALE and a MISS alike.',
    '',
    '## In-memory copies',
    '',
    'Each isolate also keeps the pages it stored or read most recently as bytes, in front of the',
    `Cache API (\`src/cache/hot-pages.ts\`, at most ${Math.round(HOT_PAGES_MAX_BYTES / 1024 / 1024)} MB, least recently used first out, no page over`,
    `${Math.round(HOT_PAGE_MAX_BYTES / 1024)} KB), so a repeat request is served without a call out of the isolate. A copy there is the`,
    'entry the Cache API holds, with the same stored time, generation and tags, and it is judged by',
    'the same rules: served only inside its lifetime and while none of its tags was invalidated',
    'since, so the [bound](#the-bound) below holds for it too. A purge by Cache-Tag alone does not',
    'reach it, but `invalidate()` never purges without bumping the generations. `x-cache-source`',
    'says where a HIT came from.',
    '',
    '## Invalidation',
    '',
    'After the importer changes an article, or the cron refresh changes freshness scores or similar',
    'links, the code that made the change calls `invalidate(db, tags, { zoneId, apiToken })`',
    '(`src/cache/invalidate.ts`) with the tags from `src/cache/tags.ts`. For one article whose',
    'difficulty and stack changed, `tagsForArticleChange(before, after)` gives:',
    '',
    seedTags(),
    '',
    'that is the article, every page linking to it as a similar post (`links-to:`; a route puts',
    'the linked slugs on `c.var.linkedArticles`), every listing it appears or appeared on with all their pages, search',
    'results, the feed and the sitemap. A similar-links change invalidates only the article pages',
    'whose links changed (`tagsForSimilarLinksChange`).',
    '',
    '### Why not just delete or purge the URLs',
    '',
    '- `cache.delete()` of the Cache API only empties the data center the Worker runs in; other data',
    '  centers would keep serving the old page.',
    '- Pages are stored under our own key (see [Keys](#keys)), and Cloudflare cannot purge entries',
    '  stored by the Cache API under a custom key by URL.',
    '- Purge by `Cache-Tag` works for such entries, on every plan, in every data center. It is rate',
    `  limited (5 requests a minute on Free, ${PURGE_MAX_TAGS_PER_REQUEST} tags per request) and needs a zone and an API token,`,
    '  and a purge can race a render that read D1 just before the change and stores the old page',
    '  just after the purge.',
    '',
    '### What the Worker does',
    '',
    '1. **Content generations (always).** `invalidate()` increments a counter in D1 (`site_state`,',
    '   key `cache:generation`) and stamps each changed tag with the new value (`cache-tag:<tag>`),',
    '   in one transaction. Every stored page records the generation it was rendered under and its',
    '   tags. A stored page is served only if none of its tags was stamped after it was rendered;',
    '   otherwise it is rendered again (MISS). This is exact (only pages carrying a changed tag are',
    '   re-rendered), reaches every data center, and is immune to the race above, because the page',
    '   remembers the generation it saw *before* reading D1.',
    '2. **Purge by tag (when `CF_ZONE_ID` and `CF_API_TOKEN` are set).** The same tags are purged',
    `   through the Cloudflare API in batches of ${PURGE_MAX_TAGS_PER_REQUEST}, so affected pages disappear from every data`,
    '   center at once. A failed or rate-limited purge is reported in the returned result',
    '   (`purge.status`, `purge.errors`), not thrown: the generation already guarantees the bound.',
    '',
    '### How a HIT knows the generation without calling D1',
    '',
    'Each isolate keeps a snapshot of the generation and the recently stamped tags in memory:',
    '',
    `- younger than ${refresh} s: used as is (no D1 call);`,
    `- between ${refresh} s and ${maxAge} s: used, while one background read (\`ctx.waitUntil\`) replaces it;`,
    `- older than ${maxAge} s (an isolate idle that long): used at once as well, while one background`,
    '  read replaces it, so a HIT never waits on D1 (`x-db-calls: 0`). The copy in memory is skipped',
    "  for the Cache API's, which a purge by tag keeps honest when `CF_ZONE_ID` and `CF_API_TOKEN`",
    '  are set. Until the background read lands (one D1 round trip) the waking requests are judged',
    '  by the old snapshot: the one exception to the bound, stated there;',
    '- none at all (a new isolate): the request waits for one read.',
    '',
    'A MISS with nothing stored to judge (the first request after a purge, say) never waits: the',
    "render is stamped with the snapshot's generation, however old, and the snapshot is refreshed in",
    'the background, so the first MISS after an invalidation costs one D1 call, the render. A stamp',
    'older than what the page shows is safe (a later invalidation can only make the page re-render',
    'sooner); its price is one more render of that page once the background read has brought in the',
    'change it already shows (test/cache/quiet-isolate.test.ts).',
    '',
    "Only an isolate's first read fetches every stamp; later reads fetch the rows written since the",
    'previous one (through the `site_state_updated_idx` index), so D1 rows read stay small however',
    'many tags the cron stamps.',
    '',
    `Tag stamps older than ${duration(TAG_RETENTION_SECONDS)} are deleted at the next invalidation: no stored page`,
    'lives that long (edge TTL plus the longer stale window, at most',
    `${duration(Math.max(...rules.filter((r): r is CachedRule => r.policy === 'cache').map((r) => r.edgeTtl + Math.max(r.staleWhileRevalidate, r.staleIfError))))}), which a test checks.`,
    '',
    '### The bound',
    '',
    `**Every affected page serves the new content at most ${maxAge} seconds after \`invalidate()\` returns, in every data center,**`,
    '**except to the requests that wake an isolate idle since before the invalidation, while its**',
    '**background read of the generations is in flight (one D1 round trip); every later request**',
    '**of that isolate gets the new content.** A HIT never waits on D1 for the bound: an idle isolate',
    'answers from its last snapshot at once and reads the new one behind the response',
    '(`test/cache/quiet-isolate.test.ts`). With a zone and token configured, the purge by tag removes',
    'the invalidated copies from the Cache API everywhere, so the exception then covers only a copy',
    `stored just after the purge (the race above). Under steady traffic the bound is about ${refresh} s.`,
    'Pages the change does not touch stay cached. A deploy empties the cache (the version is in the key).',
    '',
    'Two limits: while D1 is failing, stale-if-error may serve an invalidated copy (by design); and',
    'a page showing another article through a link the route did not put on `c.var.linkedArticles` picks',
    "up that article's changes only at its own edge TTL.",
    '',
  ];
  return `${lines.join('\n')}`;
}
