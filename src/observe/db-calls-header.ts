/**
 * Reports the request's D1 round trips as `x-db-calls`, so tests (and anyone with curl) can see
 * that an uncached page costs one query batch. Reads c.var.d1Usage, which dbMiddleware sets.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';

export const DB_CALLS_HEADER = 'x-db-calls';

export const dbCallsHeader = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  c.res.headers.set(DB_CALLS_HEADER, String(c.var.d1Usage.calls));
});
