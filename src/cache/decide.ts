/**
 * The edge cache's first step: which rule a request falls under and whether it may use the cache
 * at all. A bypassed request is rendered as usual, labelled, and never stored.
 */
import { replaceResponse } from '../response-headers.ts';
import { bypassReason } from './bypass.ts';
import { cacheKey } from './key.ts';
import { matchRule, type RuleMatch } from './match.ts';
import { isRefreshRequest } from './refresh.ts';
import type { CacheRequest, Ctx, EdgeCacheState } from './state.ts';

export type Decision =
  | { bypass: true; match: RuleMatch | null; reason: string }
  | { bypass: false; request: CacheRequest };

/** The request's rule and key, or why it bypasses the cache. */
export async function decide(c: Ctx, state: EdgeCacheState): Promise<Decision> {
  const url = new URL(c.req.url);
  const match = matchRule(state.rules, url.pathname);
  const reason = bypassReason(c.req.raw, match, url);
  if (reason !== null || match === null || match.rule.policy !== 'cache') {
    return { bypass: true, match, reason: reason ?? 'rule=never' };
  }
  const { rule } = match;
  const key = cacheKey(c.env.SITE_URL, url, rule.keyParams, c.env.CF_VERSION_METADATA?.id);
  return {
    bypass: false,
    request: {
      match: { ...match, rule },
      rule,
      key,
      cache: await state.openCache(),
      isRefresh: isRefreshRequest(c.req.raw),
    },
  };
}

/** Answers a bypassed request: rendered as usual, labelled, never stored. */
export async function answerBypass(
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
