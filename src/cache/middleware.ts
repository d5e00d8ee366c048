/**
 * The edge cache: serves pages from the Cache API (caches.default) under the rule table, and
 * stores what the routes render. Every response says what happened in x-cache (HIT, MISS, STALE,
 * BYPASS), x-cache-rule, and x-cache-bypass / x-cache-stale / x-cache-not-stored when relevant.
 *
 * A stored page is served only while none of its Cache-Tags was invalidated after it was
 * rendered (generation.ts), so a HIT needs no D1 call. Past its edge TTL it is served at once and
 * refreshed in the background (stale-while-revalidate); when rendering fails it stands in for the
 * failed render (stale-if-error), and without it the visitor gets a clean 503.
 */
import type { Context, ExecutionContext as HonoExecutionContext, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { createDb } from '../db/client.ts';
import { bypassReason } from './bypass.ts';
import { readStoredEntry, type StoredEntry, servedHeaders, toStoredResponse } from './entry.ts';
import { bodyEtag, ifNoneMatchHits } from './etag.ts';
import { GenerationMemo, isCurrent } from './generation.ts';
import { cacheKey, siteOrigin } from './key.ts';
import { matchRule, routeTags } from './match.ts';
import { CACHE_RULES, type CachedRule, type CacheRule, entryLifetime } from './rules.ts';
import { SITE_TAG, uniqueTags } from './tags.ts';
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
}

type Ctx = Context<AppEnv>;

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

/** Replaces c.res without Hono merging the replaced response's headers into the new one. */
function send(c: Ctx, response: Response): void {
  c.res = undefined;
  c.res = response;
}

function browserCacheControl(seconds: number, immutable = false): string {
  if (seconds <= 0) {
    return 'public, max-age=0, must-revalidate';
  }
  return `public, max-age=${seconds}${immutable ? ', immutable' : ''}`;
}

/** The browser max-age for a stored copy: a 404 never longer than its edge lifetime. */
function browserMaxAge(rule: CachedRule, status: number): number {
  return status === 404 ? Math.min(rule.browserTtl, rule.notFoundTtl) : rule.browserTtl;
}

/** Seconds a stored copy counts as fresh: 404s only for notFoundTtl. */
function freshFor(entry: StoredEntry, rule: CachedRule): number {
  return entry.response.status === 404 ? rule.notFoundTtl : rule.edgeTtl;
}

/** Why a rendered response must not be stored, or null when it may. */
function notStoredReason(
  rendered: Response,
  rule: CachedRule,
  requestUrl: URL,
  siteUrl: string,
  generation: number | null,
): string | null {
  if (rendered.status !== 200 && !(rendered.status === 404 && rule.notFoundTtl > 0)) {
    return `status=${rendered.status}`;
  }
  if (rendered.headers.has('set-cookie')) {
    return 'set-cookie';
  }
  const directive = (rendered.headers.get('cache-control') ?? '')
    .toLowerCase()
    .match(/\b(private|no-store|no-cache)\b/);
  if (directive) {
    return `cache-control=${directive[1]}`;
  }
  // Keys use SITE_URL's origin, so a page rendered for another host (which might carry that
  // host in its links) must not become the page everyone gets.
  if (requestUrl.host !== new URL(siteOrigin(siteUrl)).host) {
    return 'host';
  }
  if (generation === null) {
    return 'generation-unavailable';
  }
  return null;
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
  /** Keys with a background refresh running in this isolate: one refresh per page at a time. */
  const refreshing = new Set<string>();

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

  /** A stored copy as sent to the client, or a 304 when the client already has it. */
  function fromStore(
    c: Ctx,
    entry: StoredEntry,
    rule: CachedRule,
    key: string,
    outcome: 'HIT' | 'STALE',
    stale?: 'revalidate' | 'error',
  ): Response {
    const headers = servedHeaders(entry.response);
    const status = entry.response.status;
    headers.set(
      'cache-control',
      outcome === 'HIT'
        ? browserCacheControl(browserMaxAge(rule, status), rule.immutable && status === 200)
        : browserCacheControl(0),
    );
    headers.set('age', String(Math.floor(Math.max(0, now() - entry.storedAt) / 1000)));
    headers.set('x-cache', outcome);
    headers.set('x-cache-rule', rule.name);
    headers.set('x-cache-key', key);
    if (stale) {
      headers.set('x-cache-stale', stale);
    }
    if (ifNoneMatchHits(c.req.header('if-none-match') ?? null, headers.get('etag'))) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(entry.response.body, { status: entry.response.status, headers });
  }

  return createMiddleware<AppEnv>(async (c, next) => {
    const url = new URL(c.req.url);
    const match = matchRule(rules, url.pathname);
    const bypass = bypassReason(c.req.raw, match);
    if (bypass !== null || match === null || match.rule.policy !== 'cache') {
      await next();
      const response = new Response(c.res.body, c.res);
      response.headers.set('x-cache', 'BYPASS');
      response.headers.set('x-cache-rule', match?.rule.name ?? 'none');
      response.headers.set('x-cache-bypass', bypass ?? 'rule=never');
      if (!response.headers.has('cache-control')) {
        response.headers.set('cache-control', 'private, no-store');
      }
      send(c, response);
      return;
    }
    const rule = match.rule;
    const key = cacheKey(c.env.SITE_URL, url, rule.keyParams, c.env.CF_VERSION_METADATA?.id);
    const cache = await openCache();
    const isRefresh = refreshRequests.has(c.req.raw);
    const [stored, generations] = await Promise.all([
      isRefresh ? undefined : cache.match(key),
      memo.current(c.var.db, {
        db: createDb(c.env.DB),
        run: inBackground(c, 'generation refresh'),
      }),
    ]);
    let entry = readStoredEntry(stored);
    const age = entry ? Math.max(0, now() - entry.storedAt) / 1000 : Number.POSITIVE_INFINITY;
    const lifetime = entry?.response.status === 404 ? rule.notFoundTtl : entryLifetime(rule);
    if (entry && age > lifetime) {
      entry = null;
    }

    if (entry && generations && isCurrent(entry.generation, entry.tags, generations)) {
      if (age < freshFor(entry, rule)) {
        send(c, fromStore(c, entry, rule, key, 'HIT'));
        return;
      }
      if (entry.response.status === 200 && age < rule.edgeTtl + rule.staleWhileRevalidate) {
        refreshInBackground(c, key);
        send(c, fromStore(c, entry, rule, key, 'STALE', 'revalidate'));
        return;
      }
    }

    await next();
    const rendered = c.res;
    if (rendered.status >= 500 || c.error) {
      await rendered.body?.cancel();
      // A page invalidated since it was stored is still better than an error page.
      if (entry && entry.response.status === 200 && age < rule.edgeTtl + rule.staleIfError) {
        send(c, fromStore(c, entry, rule, key, 'STALE', 'error'));
      } else {
        const unavailable = await serviceUnavailable(c.env.SITE_NAME);
        unavailable.headers.set('x-cache', 'MISS');
        unavailable.headers.set('x-cache-rule', rule.name);
        unavailable.headers.set('x-cache-key', key);
        unavailable.headers.set('x-cache-not-stored', `status=${rendered.status}`);
        send(c, unavailable);
      }
      return;
    }

    const generation = generations?.site ?? null;
    const reason = notStoredReason(rendered, rule, url, c.env.SITE_URL, generation);
    const body = await rendered.arrayBuffer();
    const headers = new Headers(rendered.headers);
    headers.set('x-cache', 'MISS');
    headers.set('x-cache-rule', rule.name);
    headers.set('x-cache-key', key);
    if (reason !== null || generation === null) {
      headers.set('x-cache-not-stored', reason ?? 'generation-unavailable');
      if (!headers.has('cache-control')) {
        headers.set('cache-control', 'no-store');
      }
      send(c, new Response(body, { status: rendered.status, headers }));
      return;
    }

    if (!headers.has('etag')) {
      headers.set('etag', await bodyEtag(body));
    }
    const tags = uniqueTags([
      ...routeTags(match.route, match.params),
      SITE_TAG,
      ...(c.get('cacheTags') ?? []),
    ]);
    const put = cache.put(
      key,
      toStoredResponse(body, rendered.status, headers, {
        storedAt: now(),
        generation,
        tags,
        lifetime: rendered.status === 404 ? rule.notFoundTtl : entryLifetime(rule),
      }),
    );
    if (isRefresh) {
      await put;
    } else {
      inBackground(c, 'cache.put')(put);
    }
    headers.set('x-cache-tags', tags.join(','));
    headers.set(
      'cache-control',
      browserCacheControl(
        browserMaxAge(rule, rendered.status),
        rule.immutable && rendered.status === 200,
      ),
    );
    if (ifNoneMatchHits(c.req.header('if-none-match') ?? null, headers.get('etag'))) {
      send(c, new Response(null, { status: 304, headers }));
      return;
    }
    send(c, new Response(body, { status: rendered.status, headers }));
  });
}
