/** How long a stored copy may be served, by its status: 404s live by notFoundTtl, the rest by the rule. */
import { type CachedRule, entryLifetime } from './rules.ts';

/** How long a stored copy with `status` may be served at all (stale windows included), in seconds. */
export function lifetimeFor(status: number, rule: CachedRule): number {
  return status === 404 ? rule.notFoundTtl : entryLifetime(rule);
}

/** How long a stored copy with `status` is served as a HIT, in seconds. */
export function freshFor(status: number, rule: CachedRule): number {
  return status === 404 ? rule.notFoundTtl : rule.edgeTtl;
}

/**
 * How long after it was stored a copy may stand in for a failed render (stale-if-error), in
 * seconds: a 404 for its whole 404 TTL (the answer a visitor would have got from the cache had
 * D1 been up), anything else for the edge TTL and the rule's stale-if-error window.
 */
export function staleIfErrorFor(status: number, rule: CachedRule): number {
  return status === 404 ? rule.notFoundTtl : rule.edgeTtl + rule.staleIfError;
}
