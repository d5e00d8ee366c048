/**
 * The edge cache's second step: the stored copy of a page (the isolate's memory first, then the
 * Cache API) and the generation snapshot to judge it with, waiting for D1 only when the
 * documented invalidation bound needs it (generation.ts).
 */
import { createDb } from '../db/client.ts';
import { inBackground } from './background.ts';
import { readStoredEntry, type StoredEntry } from './entry.ts';
import { isCurrent } from './generation.ts';
import { freshFor, lifetimeFor } from './lifetime.ts';
import {
  ageOf,
  type CacheRequest,
  type Ctx,
  type EdgeCacheState,
  type Lookup,
  type Usable,
} from './state.ts';

/**
 * The stored copy to judge and the generations to judge it (and stamp a new render) with. A
 * request waits for D1 only in a new isolate, which has no snapshot at all:
 * - a snapshot inside the bound (younger than GENERATION_MAX_AGE_MS): used at once, refreshed
 *   in the background past GENERATION_REFRESH_AFTER_MS; the copy in memory comes first;
 * - an older snapshot (an isolate idle that long): used at once too, while a background read
 *   (ctx.waitUntil) replaces it, so a HIT never waits on D1. The copy in memory is skipped for
 *   the Cache API's, which a purge by tag (CF_ZONE_ID and CF_API_TOKEN set) keeps honest. Until
 *   that read lands, a copy invalidated while the isolate was idle can still be served: the
 *   exception to the bound that docs/CACHE_RULES.md states ("The bound");
 * - no copy to judge: the render is stamped with the old snapshot's generation (older than
 *   what it reads, so a later invalidation of what it shows can only make it re-render sooner):
 *   the MISS costs the render's D1 call only;
 * - no snapshot at all (a new isolate): one read.
 */
export async function lookUp(
  c: Ctx,
  state: EdgeCacheState,
  request: CacheRequest,
): Promise<Lookup> {
  const { key, cache, isRefresh, rule } = request;
  const { memo, hot } = state;
  const background = {
    db: () => createDb(c.env.DB),
    run: inBackground(c, 'generation refresh'),
  };
  const found = (found: Omit<Lookup, 'usable'>): Lookup => ({
    ...found,
    usable: usableCopy(state, found.entry, request),
  });
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
      ageOf(state, remembered) < freshFor(remembered.status, rule)
    ) {
      return found({ generations, entry: remembered, source: 'memory' });
    }
    if (remembered) {
      // Past its fresh time or invalidated: another isolate may have stored a newer copy.
      hot.delete(key);
      const entry = readStoredEntry(await cache.match(key));
      return found({ generations, entry, source: 'cache-api' });
    }
    return found({ generations, entry: readStoredEntry(stored), source: 'cache-api' });
  }
  hot.delete(key);
  memo.refreshInBackground(background);
  const entry = isRefresh ? null : readStoredEntry(await cache.match(key));
  return found({ generations: known.generations, entry, source: 'cache-api' });
}

/** The copy with its age when it is still inside its lifetime (stale windows included). */
function usableCopy(
  state: EdgeCacheState,
  entry: StoredEntry | null,
  request: CacheRequest,
): Usable | null {
  if (!entry) {
    return null;
  }
  const age = ageOf(state, entry);
  return age <= lifetimeFor(entry.status, request.rule) ? { entry, age } : null;
}
