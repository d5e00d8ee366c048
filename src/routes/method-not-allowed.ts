/**
 * 405 Method Not Allowed: a request whose path names a resource that exists for other methods
 * (a POST to a page) is told which methods it accepts, in the Allow header (RFC 9110 §15.5.6),
 * instead of getting the 404 Hono answers when no handler matches the method.
 */
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';

/** The methods the app's routes answer. HEAD is served by every GET route (Hono does that). */
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * The methods `app` has a route for at `path`, or [] when no route matches it with any method.
 * Middleware is registered under the method ALL and is not counted.
 *
 * @example
 * allowedMethods(app, '/posts/some-slug') // ['GET', 'HEAD']
 * allowedMethods(app, '/no/such/path') // []
 */
export function allowedMethods(app: Hono<AppEnv>, path: string): string[] {
  const allowed: string[] = [];
  for (const method of METHODS) {
    const [matches] = app.router.match(method, path);
    if (matches.some(([[, route]]) => route.method === method)) {
      allowed.push(method);
      if (method === 'GET') {
        allowed.push('HEAD');
      }
    }
  }
  return allowed;
}

/**
 * The 405 answer, or null when the path has no route under any method (then it is a 404).
 *
 * @example
 * app.notFound((c) => methodNotAllowed(app, c) ?? notFound(c));
 */
export function methodNotAllowed(app: Hono<AppEnv>, c: Context<AppEnv>): Response | null {
  const allowed = allowedMethods(app, c.req.path);
  if (allowed.length === 0 || allowed.includes(c.req.method)) {
    return null;
  }
  return c.text(`${c.req.method} is not allowed here; use ${allowed.join(' or ')}.\n`, 405, {
    Allow: allowed.join(', '),
    'Cache-Control': 'no-store',
  });
}
