/** The `x-db-calls` response header: D1 round trips made while answering this request. */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import type { D1Usage } from './d1-counter.ts';

/**
 * Sets x-db-calls from the request's counter (a cache HIT shows 0).
 *
 * @example
 * setDbCallsHeader(response.headers, c.var.d1Usage);
 */
export function setDbCallsHeader(headers: Headers, usage: D1Usage | undefined): void {
  headers.set('x-db-calls', String(usage?.calls ?? 0));
}

/**
 * The header on every response, including those the edge cache does not handle (404s of
 * unknown paths, error pages). Runs after everything inside it, so the count is final.
 */
export const dbCallsHeader = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  setDbCallsHeader(c.res.headers, c.var.d1Usage);
});
