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
 *
 * One request goes through named steps, each in its own module:
 * decide (rule, bypass, key) → lookUp (stored copy, generations) → serveStored (HIT, STALE) →
 * serveShared (a render already running) → renderAndStore (MISS).
 */
import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { answerBypass, decide } from './decide.ts';
import { lookUp } from './lookup.ts';
import { renderAndStore } from './render.ts';
import { serveShared, serveStored } from './serve.ts';
import { createState, type EdgeCacheOptions } from './state.ts';

export type { EdgeCacheOptions } from './state.ts';

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
  const state = createState(options);
  return createMiddleware<AppEnv>(async (c, next) => {
    const decision = await decide(c, state);
    if (decision.bypass) {
      await answerBypass(c, next, decision.match, decision.reason);
      return;
    }
    const { request } = decision;
    const lookup = await lookUp(c, state, request);
    if ((await serveStored(c, state, request, lookup)) || (await serveShared(c, state, request))) {
      return;
    }
    await renderAndStore(c, next, state, request, lookup);
  });
}
