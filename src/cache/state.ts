/**
 * What the edge cache's steps share: the isolate-wide state one middleware instance keeps
 * (generation snapshot, pages in memory, renders and refreshes in flight) and the per-request
 * values each step hands to the next.
 */
import type { Context, ExecutionContext as HonoExecutionContext } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { CacheGenerations } from '../db/cache-generations.ts';
import type { StoredEntry } from './entry.ts';
import { GenerationMemo } from './generation.ts';
import { HotPages } from './hot-pages.ts';
import type { RuleMatch } from './match.ts';
import type { FromStoreOptions } from './responses.ts';
import { CACHE_RULES, type CachedRule, type CacheRule } from './rules.ts';

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

export type Ctx = Context<AppEnv>;
export type CachedMatch = RuleMatch & { rule: CachedRule };
export type Source = NonNullable<FromStoreOptions['source']>;

/** A page just rendered and being stored: the entry (its body as bytes), and the pending cache.put. */
export interface Rendered {
  entry: StoredEntry;
  put: Promise<void>;
}

/** A stored copy still inside its lifetime, and its age in seconds. */
export interface Usable {
  entry: StoredEntry;
  age: number;
}

/** One middleware instance's state, shared by every request the isolate serves. */
export interface EdgeCacheState {
  rules: readonly CacheRule[];
  now: () => number;
  openCache: () => Promise<Cache>;
  revalidate: EdgeCacheOptions['revalidate'];
  memo: GenerationMemo;
  hot: HotPages;
  /** Keys with a background refresh running in this isolate: one refresh per page at a time. */
  refreshing: Set<string>;
  /** Renders running in this isolate, by key, until their copy is stored: followers share them. */
  rendering: Map<string, Promise<Rendered | null>>;
}

/** A request the cache handles: its rule, key and cache, and whether it is our own refresh. */
export interface CacheRequest {
  match: CachedMatch;
  rule: CachedRule;
  key: string;
  cache: Cache;
  isRefresh: boolean;
}

/** What the lookup found: the generations to judge with, the copy (if any) and where from. */
export interface Lookup {
  generations: CacheGenerations | null;
  entry: StoredEntry | null;
  source: Source;
  /** The copy, when still inside its lifetime. */
  usable: Usable | null;
}

export function createState(options: EdgeCacheOptions): EdgeCacheState {
  const now = options.now ?? Date.now;
  return {
    rules: options.rules ?? CACHE_RULES,
    now,
    openCache: options.openCache ?? (async () => caches.default),
    revalidate: options.revalidate,
    memo: new GenerationMemo(now),
    hot: options.hotPages ?? new HotPages(),
    refreshing: new Set(),
    rendering: new Map(),
  };
}

/** A stored copy's age in seconds. */
export function ageOf(state: EdgeCacheState, entry: StoredEntry): number {
  return Math.max(0, state.now() - entry.storedAt) / 1000;
}
