/**
 * Builds the Hono app. Middleware order is the request's path through the Worker:
 * observe (request id, timing, log line) → D1 client → edge cache → routes → page.
 */
import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';
import { edgeCache } from './cache/middleware.ts';
import { dbMiddleware } from './db/middleware.ts';
import { handleError } from './observe/error-handler.tsx';
import { observeMiddleware } from './observe/middleware.ts';
import { healthRoutes } from './routes/health.ts';

export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Outermost, so its headers and log line cover everything inside, cache hits included.
  app.use(observeMiddleware);
  app.use(dbMiddleware);
  // After the D1 client (creating it makes no D1 call; a HIT makes none either), before the
  // routes. Background refreshes of stale pages run through the whole app again.
  app.use(edgeCache({ revalidate: (request, env, ctx) => app.fetch(request, env, ctx) }));
  app.route('/', healthRoutes);
  app.onError(handleError);
  return app;
}
