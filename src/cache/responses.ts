/**
 * The responses the cache sends to clients: Cache-Control for browsers, the x-cache headers, Age,
 * and 304s for clients that already hold the page.
 */
import type { HeaderPairs, StoredEntry } from './entry.ts';
import { ifNoneMatchHits } from './etag.ts';
import type { CachedRule } from './rules.ts';

export type Outcome = 'HIT' | 'MISS' | 'STALE' | 'BYPASS';

/**
 * @example
 * browserCacheControl(60) // 'public, max-age=60'
 * browserCacheControl(0) // 'public, max-age=0, must-revalidate'
 */
export function browserCacheControl(seconds: number, immutable = false): string {
  if (seconds <= 0) {
    return 'public, max-age=0, must-revalidate';
  }
  return `public, max-age=${seconds}${immutable ? ', immutable' : ''}`;
}

/** What browsers may keep a fresh page with this status for. A 404 never longer than the edge. */
export function freshCacheControl(rule: CachedRule, status: number): string {
  return status === 404
    ? browserCacheControl(Math.min(rule.browserTtl, rule.notFoundTtl))
    : browserCacheControl(rule.browserTtl, rule.immutable);
}

/** The x-cache headers every cacheable response carries. */
function labels(outcome: Outcome, rule: CachedRule, key: string): HeaderPairs {
  return [
    ['x-cache', outcome],
    ['x-cache-rule', rule.name],
    ['x-cache-key', key],
  ];
}

/** Sets the x-cache headers every cacheable response carries. */
export function label(headers: Headers, outcome: Outcome, rule: CachedRule, key: string): void {
  for (const [name, value] of labels(outcome, rule, key)) {
    headers.set(name, value);
  }
}

function etagOf(headers: Headers | HeaderPairs): string | null {
  if (headers instanceof Headers) {
    return headers.get('etag');
  }
  return headers.find(([name]) => name === 'etag')?.[1] ?? null;
}

/** The response, or a bodiless 304 when If-None-Match names its ETag. */
export function conditional(
  request: Request,
  body: BodyInit | null,
  status: number,
  headers: Headers | HeaderPairs,
): Response {
  if (ifNoneMatchHits(request.headers.get('if-none-match'), etagOf(headers))) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status, headers });
}

export interface FromStoreOptions {
  outcome: 'HIT' | 'STALE';
  stale?: 'revalidate' | 'error';
  /** Where the copy came from: this isolate's memory or the Cache API (x-cache-source). */
  source?: 'memory' | 'cache-api';
  now: number;
}

/**
 * A stored copy as sent to the client. Fresh copies keep the rule's browser TTL; stale ones are
 * sent with max-age=0 so browsers come back for the refreshed page. The headers are assembled as
 * one list and handed to the Response once: on a HIT that is most of the Worker's own work.
 */
export function fromStore(
  request: Request,
  entry: StoredEntry,
  rule: CachedRule,
  key: string,
  options: FromStoreOptions,
): Response {
  const { status } = entry;
  const headers: HeaderPairs = [
    ...entry.served,
    [
      'cache-control',
      options.outcome === 'HIT' ? freshCacheControl(rule, status) : browserCacheControl(0),
    ],
    ['age', String(Math.floor(Math.max(0, options.now - entry.storedAt) / 1000))],
    ...labels(options.outcome, rule, key),
  ];
  if (options.stale) {
    headers.push(['x-cache-stale', options.stale]);
  }
  if (options.source) {
    headers.push(['x-cache-source', options.source]);
  }
  return conditional(request, entry.body, status, headers);
}
