/**
 * The edge cache's last step: a MISS. The route renders the page; a storable answer is stored
 * under the generation it was rendered with (tagged with what it shows), a failed one is replaced
 * by the last good copy (stale-if-error) or a clean 503. The first MISS of a key leads: requests
 * for that key arriving until its copy is stored share it (serve.ts).
 */
import { replaceResponse } from '../response-headers.ts';
import { siteOf } from '../site.ts';
import { inBackground } from './background.ts';
import { servedHeaders, toStoredResponse } from './entry.ts';
import { bodyEtag } from './etag.ts';
import { lifetimeFor, staleIfErrorFor } from './lifetime.ts';
import { routeTags } from './match.ts';
import { conditional, freshCacheControl, fromStore, label } from './responses.ts';
import type { CacheRequest, Ctx, EdgeCacheState, Lookup, Rendered, Usable } from './state.ts';
import { notStoredReason } from './store-policy.ts';
import { pageContentTags, SITE_TAG, uniqueTags } from './tags.ts';
import { serviceUnavailable } from './unavailable.tsx';

/** Rendering failed: the last good copy inside the stale-if-error window, or a clean 503. */
async function failed(
  c: Ctx,
  state: EdgeCacheState,
  request: CacheRequest,
  status: number,
  fallback: Usable | null,
): Promise<void> {
  const { rule, key } = request;
  // A page invalidated since it was stored is still better than an error page.
  // A stored 404 counts too: D1 being down must not turn "no such page" into an error.
  if (fallback && fallback.age < staleIfErrorFor(fallback.entry.status, rule)) {
    const options = { outcome: 'STALE', stale: 'error', now: state.now() } as const;
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
  state: EdgeCacheState,
  request: CacheRequest,
  lookup: Lookup,
): Promise<Rendered | null> {
  const { rule, key, match, cache } = request;
  const generation = lookup.generations?.site ?? null;
  await next();
  const rendered = c.res;
  if (rendered.status >= 500 || c.error) {
    await rendered.body?.cancel();
    await failed(c, state, request, rendered.status, lookup.usable);
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
    storedAt: state.now(),
    generation,
    tags,
    lifetime: lifetimeFor(status, rule),
  };
  // Bytes, not a stream: every request sharing this render gets its own response from them.
  const entry = { status, body, served: servedHeaders(headers), ...meta };
  const put = cache.put(key, toStoredResponse(body, status, headers, meta));
  state.hot.set(key, entry);
  headers.set('cache-control', freshCacheControl(rule, status));
  replaceResponse(c, conditional(c.req.raw, body, status, headers));
  return { entry, put };
}

/**
 * Renders and stores the page. The first MISS of a key leads and publishes its render for the
 * requests that arrive until its copy is stored; a background refresh waits for its own put.
 */
export async function renderAndStore(
  c: Ctx,
  next: () => Promise<void>,
  state: EdgeCacheState,
  request: CacheRequest,
  lookup: Lookup,
): Promise<void> {
  const { key, isRefresh } = request;
  const leads = !isRefresh && !state.rendering.has(key);
  let share: (rendered: Rendered | null) => void = () => undefined;
  if (leads) {
    state.rendering.set(
      key,
      new Promise((resolve) => {
        share = resolve;
      }),
    );
  }
  let rendered: Rendered | null = null;
  try {
    rendered = await render(c, next, state, request, lookup);
  } finally {
    share(rendered);
    if (leads && !rendered) {
      state.rendering.delete(key);
    }
  }
  if (rendered && isRefresh) {
    await rendered.put;
  } else if (rendered) {
    const storing = rendered.put.finally(() => {
      if (leads) {
        state.rendering.delete(key);
      }
    });
    inBackground(c, 'cache.put')(storing);
  }
}
