/**
 * The edge cache: serves pages from the Cache API (caches.default) under the rule table, and
 * stores what the routes render. Every response says what happened in x-cache (HIT, MISS, STALE,
 * BYPASS), x-cache-rule, and x-cache-bypass / x-cache-stale / x-cache-not-stored when relevant.
 *
 * A stored page is served only while none of its Cache-Tags was invalidated after it was
 * rendered (generation.ts), so a HIT needs no D1 call. Past its edge TTL it is served at once and
 * refreshed in the background (stale-while-revalidate); when rendering fails it stands in for the
 * failed render (stale-if-error), and without it the visitor gets a clean 503. Concurrent MISSes
 * of one page in an isolate share a single render.
 */
import type { Context, ExecutionContext as HonoExecutionContext, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import type { CacheGenerations } from '../db/cache-generations.ts';
import { createDb } from '../db/client.ts';
import { replaceResponse } from '../response-headers.ts';
import { siteOf } from '../site.ts';
import { bypassReason } from './bypass.ts';
import { readStoredEntry, type StoredEntry, servedHeaders, toStoredResponse } from './entry.ts';
import { bodyEtag } from './etag.ts';
import { GenerationMemo, isCurrent } from './generation.ts';
import { HotPages } from './hot-pages.ts';
import { cacheKey } from './key.ts';
import { matchRule, type RuleMatch, routeTags } from './match.ts';
import {
  conditional,
  type FromStoreOptions,
  freshCacheControl,
  fromStore,
  label,
} from './responses.ts';
import { CACHE_RULES, type CachedRule, type CacheRule, entryLifetime } from './rules.ts';
import { notStoredReason } from './store-policy.ts';
import { pageContentTags, SITE_TAG, uniqueTags } from './tags.ts';
import { serviceUnavailable } from './unavailable.tsx';

export interface EdgeCacheOptions {
  /** Runs a request through the whole app again, for background refreshes: pass `app.fetch`. */
  revalidate: (
    request: Request,
    env: Env,
    ctx: HonoExecutionContext | undefined,
  ) => Response | Promise<Response>;
  rules?: readonly CacheRule[];
  /** The clock, in milliseconds; tests move it forward instead of sleeping. */
  now?: () => number;
  /** The cache to use; caches.default unless a test isolates itself in a named cache. */
  openCache?: () => Promise<Cache>;
  /** The isolate's copies of recent pages in front of the cache; tests pass their own. */
  hotPages?: HotPages;
}

type Ctx = Context<AppEnv>;
type CachedMatch = RuleMatch & { rule: CachedRule };

/** A page just rendered and being stored: the entry (its body as bytes), and the pending cache.put. */
interface Rendered {
  entry: StoredEntry;
  put: Promise<void>;
}

/** A stored copy still inside its lifetime, and its age in seconds. */
interface Usable {
  entry: StoredEntry;
  age: number;
}

type Source = NonNullable<FromStoreOptions['source']>;

/** How long a stored copy with `status` may be served at all (stale windows included), in seconds. */
function lifetimeFor(status: number, rule: CachedRule): number {
  return status === 404 ? rule.notFoundTtl : entryLifetime(rule);
}

/** How long a stored copy with `status` is served as a HIT, in seconds. */
function freshFor(status: number, rule: CachedRule): number {
  return status === 404 ? rule.notFoundTtl : rule.edgeTtl;
}

/**
 * True when invalidations purge the Cache API by tag (src/cache/invalidate.ts), so a copy the
 * Cache API still holds was not invalidated.
 */
function purgesByTag(env: Env): boolean {
  return Boolean(env.CF_ZONE_ID && env.CF_API_TOKEN);
}

/** Requests the middleware itself sent to refresh a stale page; a client cannot forge one. */
const refreshRequests = new WeakSet<Request>();

function executionCtx(c: Ctx): HonoExecutionContext | undefined {
  try {
    return c.executionCtx;
  } catch {
    return undefined;
  }
}

/** Runs work after the response is sent (ctx.waitUntil), logging instead of losing failures. */
function inBackground(c: Ctx, what: string): (work: Promise<unknown>) => void {
  return (work) => {
    const logged = work.catch((error: unknown) => {
      console.error(`edge cache: ${what} failed for ${c.req.url}:`, error);
    });
    executionCtx(c)?.waitUntil(logged);
  };
}

/** Answers a bypassed request: rendered as usual, labelled, never stored. */
async function bypass(
  c: Ctx,
  next: () => Promise<void>,
  match: RuleMatch | null,
  reason: string,
): Promise<void> {
  await next();
  const response = new Response(c.res.body, c.res);
  response.headers.set('x-cache', 'BYPASS');
  response.headers.set('x-cache-rule', match?.rule.name ?? 'none');
  response.headers.set('x-cache-bypass', reason);
  if (!response.headers.has('cache-control')) {
    response.headers.set('cache-control', 'private, no-store');
  }
  replaceResponse(c, response);
}

/**
 * The cache middleware for the app. Place it after the db middleware (it reads c.var.db for the
 * generation snapshot) and before the routes; x-db-calls is set by the outer observe middleware
 * from c.var.d1Usage, and shows 0 on a HIT.
 *
 * @example
 * app.use(dbMiddleware);
 * app.use(edgeCache({ revalidate: (request, env, ctx) => app.fetch(request, env, ctx) }));
 */
export function edgeCache(options: EdgeCacheOptions): MiddlewareHandler<AppEnv> {
  const rules = options.rules ?? CACHE_RULES;
  const now = options.now ?? Date.now;
  const openCache = options.openCache ?? (async () => caches.default);
  const memo = new GenerationMemo(now);
  const hot = options.hotPages ?? new HotPages();
  /** Keys with a background refresh running in this isolate: one refresh per page at a time. */
  const refreshing = new Set<string>();
  /** Renders running in this isolate, by key, until their copy is stored: followers share them. */
  const rendering = new Map<string, Promise<Rendered | null>>();

  /** Keeps a fresh copy read from the Cache API in memory; returns an entry to serve instead. */
  async function remember(key: string, entry: StoredEntry): Promise<StoredEntry> {
    const body = await new Response(entry.body).arrayBuffer();
    const kept = { ...entry, body };
    hot.set(key, kept);
    return kept;
  }

  function refreshInBackground(c: Ctx, key: string): void {
    if (refreshing.has(key)) {
      return;
    }
    refreshing.add(key);
    const request = new Request(c.req.url, {
      headers: { accept: c.req.header('accept') ?? '*/*' },
    });
    refreshRequests.add(request);
    const ctx = executionCtx(c);
    inBackground(
      c,
      'background refresh',
    )(
      (async () => {
        try {
          const response = await options.revalidate(request, c.env, ctx);
          await response.body?.cancel();
        } finally {
          refreshing.delete(key);
        }
      })(),
    );
  }

  /** Rendering failed: the last good copy inside the stale-if-error window, or a clean 503. */
  async function failed(
    c: Ctx,
    match: CachedMatch,
    key: string,
    status: number,
    fallback: Usable | null,
  ): Promise<void> {
    const { rule } = match;
    // A page invalidated since it was stored is still better than an error page.
    if (
      fallback &&
      fallback.entry.status === 200 &&
      fallback.age < rule.edgeTtl + rule.staleIfError
    ) {
      const options = { outcome: 'STALE', stale: 'error', now: now() } as const;
      replaceResponse(c, fromStore(c.req.raw, fallback.entry, rule, key, options));
      return;
    }
    const unavailable = await serviceUnavailable(siteOf(c), c.get('requestId') ?? 'unknown');
    label(unavailable.headers, 'MISS', rule, key);
    unavailable.headers.set('x-cache-not-stored', `status=${status}`);
    replaceResponse(c, unavailable);
  }

  /**
   * Renders the page and starts storing it when allowed. Returns what is being stored (for
   * requests waiting on this render) and the pending cache.put, or null when nothing is stored.
   */
  async function render(
    c: Ctx,
    next: () => Promise<void>,
    match: CachedMatch,
    key: string,
    cache: Cache,
    generation: number | null,
    fallback: Usable | null,
  ): Promise<Rendered | null> {
    const { rule } = match;
    await next();
    const rendered = c.res;
    if (rendered.status >= 500 || c.error) {
      await rendered.body?.cancel();
      await failed(c, match, key, rendered.status, fallback);
      return null;
    }

    const url = new URL(c.req.url);
    const reason = notStoredReason(rendered, rule, url, c.env.SITE_URL, generation);
    const body = await rendered.arrayBuffer();
    const headers = new Headers(rendered.headers);
    const status = rendered.status;
    label(headers, 'MISS', rule, key);
    if (reason !== null || generation === null) {
      headers.set('x-cache-not-stored', reason ?? 'generation-unavailable');
      if (!headers.has('cache-control')) {
        headers.set('cache-control', 'no-store');
      }
      replaceResponse(c, new Response(body, { status, headers }));
      return null;
    }

    if (!headers.has('etag')) {
      headers.set('etag', await bodyEtag(body));
    }
    const tags = uniqueTags([
      ...routeTags(match.route, match.params),
      SITE_TAG,
      ...pageContentTags(c.var),
    ]);
    headers.set('x-cache-tags', tags.join(','));
    const meta = {
      storedAt: now(),
      generation,
      tags,
      lifetime: lifetimeFor(status, rule),
    };
    // Bytes, not a stream: every request sharing this render gets its own response from them.
    const entry = { status, body, served: servedHeaders(headers), ...meta };
    const put = cache.put(key, toStoredResponse(body, status, headers, meta));
    hot.set(key, entry);
    headers.set('cache-control', freshCacheControl(rule, status));
    replaceResponse(c, conditional(c.req.raw, body, status, headers));
    return { entry, put };
  }

  /**
   * The stored copy to judge and the generations to judge it (and stamp a new render) with,
   * waiting for D1 only when the documented bound needs it:
   * - a snapshot inside the bound (younger than GENERATION_MAX_AGE_MS): used at once, refreshed
   *   in the background past GENERATION_REFRESH_AFTER_MS; the copy in memory comes first;
   * - an older snapshot (an isolate idle that long): the copy in memory is not trusted; the Cache
   *   API's copy is judged by the old snapshot without waiting when invalidations purge the
   *   Cache API by tag (CF_ZONE_ID and CF_API_TOKEN set), since then an invalidated copy is no
   *   longer there to be found; without the purge the request waits for one read, because
   *   nothing else can tell a copy invalidated while the isolate was idle;
   * - no copy to judge: the render is stamped with the old snapshot's generation (older than
   *   what it reads, so a later invalidation of what it shows can only make it re-render sooner)
   *   and the snapshot is refreshed in the background: the MISS costs the render's D1 call only;
   * - no snapshot at all (a new isolate): one read.
   */
  async function lookUp(
    c: Ctx,
    key: string,
    cache: Cache,
    isRefresh: boolean,
    ageOf: (entry: StoredEntry) => number,
    rule: CachedRule,
  ): Promise<{ generations: CacheGenerations | null; entry: StoredEntry | null; source: Source }> {
    const background = {
      db: () => createDb(c.env.DB),
      run: inBackground(c, 'generation refresh'),
    };
    const known = memo.peek();
    if (known === null || known.withinBound) {
      const remembered = isRefresh ? null : hot.get(key);
      const [stored, generations] = await Promise.all([
        isRefresh || remembered ? undefined : cache.match(key),
        memo.current(c.var.db, background),
      ]);
      if (
        remembered &&
        generations !== null &&
        isCurrent(remembered.generation, remembered.tags, generations) &&
        ageOf(remembered) < freshFor(remembered.status, rule)
      ) {
        return { generations, entry: remembered, source: 'memory' };
      }
      if (remembered) {
        // Past its fresh time or invalidated: another isolate may have stored a newer copy.
        hot.delete(key);
        return { generations, entry: readStoredEntry(await cache.match(key)), source: 'cache-api' };
      }
      return { generations, entry: readStoredEntry(stored), source: 'cache-api' };
    }
    hot.delete(key);
    const entry = isRefresh ? null : readStoredEntry(await cache.match(key));
    const judged = entry !== null && ageOf(entry) <= lifetimeFor(entry.status, rule);
    if (judged && !purgesByTag(c.env)) {
      return { generations: await memo.current(c.var.db, background), entry, source: 'cache-api' };
    }
    memo.refreshInBackground(background);
    return { generations: known.generations, entry, source: 'cache-api' };
  }

  return createMiddleware<AppEnv>(async (c, next) => {
    const url = new URL(c.req.url);
    const match = matchRule(rules, url.pathname);
    const reason = bypassReason(c.req.raw, match, url);
    if (reason !== null || match === null || match.rule.policy !== 'cache') {
      await bypass(c, next, match, reason ?? 'rule=never');
      return;
    }
    const cached: CachedMatch = { ...match, rule: match.rule };
    const { rule } = cached;
    const key = cacheKey(c.env.SITE_URL, url, rule.keyParams, c.env.CF_VERSION_METADATA?.id);
    const cache = await openCache();
    const isRefresh = refreshRequests.has(c.req.raw);
    const ageOf = (entry: StoredEntry): number => Math.max(0, now() - entry.storedAt) / 1000;
    const { generations, entry, source } = await lookUp(c, key, cache, isRefresh, ageOf, rule);
    const current = (entry: StoredEntry): boolean =>
      generations !== null && isCurrent(entry.generation, entry.tags, generations);

    const age = entry ? ageOf(entry) : Number.POSITIVE_INFINITY;
    const usable: Usable | null =
      entry && age <= lifetimeFor(entry.status, rule) ? { entry, age } : null;
    if (usable && current(usable.entry)) {
      const { status } = usable.entry;
      if (age < freshFor(status, rule)) {
        if (source === 'cache-api') {
          usable.entry = await remember(key, usable.entry);
        }
        const options = { outcome: 'HIT', source, now: now() } as const;
        replaceResponse(c, fromStore(c.req.raw, usable.entry, rule, key, options));
        return;
      }
      if (status === 200 && age < rule.edgeTtl + rule.staleWhileRevalidate) {
        refreshInBackground(c, key);
        const options = { outcome: 'STALE', stale: 'revalidate', source, now: now() } as const;
        replaceResponse(c, fromStore(c.req.raw, usable.entry, rule, key, options));
        return;
      }
    }

    const inProgress = isRefresh ? undefined : rendering.get(key);
    if (inProgress) {
      const shared = await inProgress;
      if (shared) {
        const options = { outcome: 'HIT', now: now() } as const;
        const response = fromStore(c.req.raw, shared.entry, rule, key, options);
        response.headers.set('x-cache-coalesced', '1');
        replaceResponse(c, response);
        return;
      }
    }
    // The first MISS of a key leads; requests arriving until its copy is stored wait for it.
    const leads = !isRefresh && !rendering.has(key);
    let share: (rendered: Rendered | null) => void = () => undefined;
    if (leads) {
      rendering.set(
        key,
        new Promise((resolve) => {
          share = resolve;
        }),
      );
    }
    let rendered: Rendered | null = null;
    try {
      rendered = await render(c, next, cached, key, cache, generations?.site ?? null, usable);
    } finally {
      share(rendered);
      if (leads && !rendered) {
        rendering.delete(key);
      }
    }
    if (rendered && isRefresh) {
      await rendered.put;
    } else if (rendered) {
      const storing = rendered.put.finally(() => {
        if (leads) {
          rendering.delete(key);
        }
      });
      inBackground(c, 'cache.put')(storing);
    }
  });
}
