/**
 * Changing c.res from a middleware. Two traps: Hono's c.res setter copies the old response's
 * headers onto the new one (so it is cleared first), and a response read from the Cache API or
 * fetched has immutable headers (so it is copied before it is annotated). Every response the app
 * builds itself, a cache HIT's included, is annotated in place: no copy of two dozen headers.
 */
import type { Context } from 'hono';

/** Replaces c.res without Hono merging the replaced response's headers into the new one. */
export function replaceResponse(c: Context, response: Response): void {
  c.res = undefined;
  c.res = response;
}

/**
 * Sets one header on c.res, copying the response first if its headers are immutable, and returns
 * c.res's headers for the caller to go on setting.
 *
 * @example
 * setResponseHeader(c, 'x-request-id', id).set('server-timing', timing);
 */
export function setResponseHeader(c: Context, name: string, value: string): Headers {
  try {
    c.res.headers.set(name, value);
  } catch {
    replaceResponse(c, new Response(c.res.body, c.res));
    c.res.headers.set(name, value);
  }
  return c.res.headers;
}

/**
 * Removes headers from c.res, copying the response first if its headers are immutable.
 *
 * @example
 * deleteResponseHeaders(c, ['x-cache-key']);
 */
export function deleteResponseHeaders(c: Context, names: readonly string[]): void {
  try {
    for (const name of names) {
      c.res.headers.delete(name);
    }
  } catch {
    replaceResponse(c, new Response(c.res.body, c.res));
    for (const name of names) {
      c.res.headers.delete(name);
    }
  }
}
