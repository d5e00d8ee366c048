/**
 * The edge cache's third step: answering from a stored copy. A current copy inside its fresh
 * time is a HIT; a current 200 past it but inside stale-while-revalidate is served at once
 * (STALE) and refreshed in the background; a request arriving while another renders the same
 * page waits for that render and shares its copy.
 */
import { replaceResponse } from '../response-headers.ts';
import type { StoredEntry } from './entry.ts';
import { isCurrent } from './generation.ts';
import { freshFor } from './lifetime.ts';
import { refreshInBackground } from './refresh.ts';
import { fromStore } from './responses.ts';
import type { CacheRequest, Ctx, EdgeCacheState, Lookup } from './state.ts';

/** Keeps a fresh copy read from the Cache API in memory; returns an entry to serve instead. */
async function remember(
  state: EdgeCacheState,
  key: string,
  entry: StoredEntry,
): Promise<StoredEntry> {
  const body = await new Response(entry.body).arrayBuffer();
  const kept = { ...entry, body };
  state.hot.set(key, kept);
  return kept;
}

/** Answers from the stored copy when it is current and fresh (or stale but revalidatable). */
export async function serveStored(
  c: Ctx,
  state: EdgeCacheState,
  request: CacheRequest,
  lookup: Lookup,
): Promise<boolean> {
  const { usable, generations, source } = lookup;
  const { rule, key } = request;
  if (!usable || generations === null) {
    return false;
  }
  if (!isCurrent(usable.entry.generation, usable.entry.tags, generations)) {
    return false;
  }
  const { status } = usable.entry;
  if (usable.age < freshFor(status, rule)) {
    const entry = source === 'cache-api' ? await remember(state, key, usable.entry) : usable.entry;
    const options = { outcome: 'HIT', source, now: state.now() } as const;
    replaceResponse(c, fromStore(c.req.raw, entry, rule, key, options));
    return true;
  }
  if (status === 200 && usable.age < rule.edgeTtl + rule.staleWhileRevalidate) {
    refreshInBackground(c, state, key);
    const options = { outcome: 'STALE', stale: 'revalidate', source, now: state.now() } as const;
    replaceResponse(c, fromStore(c.req.raw, usable.entry, rule, key, options));
    return true;
  }
  return false;
}

/** Waits for a render of the same page already running in this isolate and serves its copy. */
export async function serveShared(
  c: Ctx,
  state: EdgeCacheState,
  request: CacheRequest,
): Promise<boolean> {
  const { key, rule, isRefresh } = request;
  const inProgress = isRefresh ? undefined : state.rendering.get(key);
  const shared = inProgress ? await inProgress : null;
  if (!shared) {
    return false;
  }
  const options = { outcome: 'HIT', now: state.now() } as const;
  const response = fromStore(c.req.raw, shared.entry, rule, key, options);
  response.headers.set('x-cache-coalesced', '1');
  replaceResponse(c, response);
  return true;
}
