/**
 * Internal cache headers for the operator only. x-cache-key (the normalised key, with the
 * deployed version id in it) and x-cache-tags name how the cache is laid out: useful when
 * debugging, nobody else's business. They are removed from every response unless the request
 * carries the admin token, in `x-admin-token` (which leaves the request cacheable, so a HIT can be
 * inspected) or as `Authorization: Bearer` (which bypasses the cache). x-cache and x-cache-rule
 * stay public: they say what happened, not how.
 */
import { createMiddleware } from 'hono/factory';
import { tokensMatch } from '../admin-token.ts';
import type { AppEnv } from '../app-env.ts';
import { deleteResponseHeaders } from '../response-headers.ts';

export const INTERNAL_HEADERS = ['x-cache-key', 'x-cache-tags'] as const;
/** The header an operator sends the admin token in to see the internal headers on any page. */
export const ADMIN_TOKEN_HEADER = 'x-admin-token';

/** The token the request offers, from x-admin-token or a Bearer Authorization header. */
function offeredToken(request: Request): string | null {
  const direct = request.headers.get(ADMIN_TOKEN_HEADER);
  if (direct) {
    return direct.trim();
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  return bearer?.[1] ?? null;
}

export const internalHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (!INTERNAL_HEADERS.some((name) => c.res.headers.has(name))) {
    return;
  }
  const secret = c.env.ADMIN_TOKEN;
  const offered = offeredToken(c.req.raw);
  // The digest comparison runs only when a token is offered: visitors pay one has() per header.
  if (secret && offered && (await tokensMatch(offered, secret))) {
    return;
  }
  deleteResponseHeaders(c, INTERNAL_HEADERS);
});
