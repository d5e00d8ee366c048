/**
 * Builds the Hono app. Middleware order is the request's path through the Worker:
 * security headers → D1 client → D1 call count → edge cache → routes → page.
 */
import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';
import { edgeCache } from './cache/middleware.ts';
import { dbMiddleware } from './db/middleware.ts';
import { dbCallsHeader } from './observe/db-calls-header.ts';
import { articleRoutes } from './routes/articles.tsx';
import { assetRoutes } from './routes/assets.ts';
import { notFound, serverError } from './routes/error-responses.tsx';
import { feedRoutes } from './routes/feeds.ts';
import { listingRoutes } from './routes/listings.tsx';
import { searchRoutes } from './routes/search.tsx';
import { securityHeaders } from './security-headers.ts';

export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(securityHeaders);
  app.use(dbMiddleware);
  // Outside the cache, so a HIT reports its 0 calls and a MISS the generation check as well.
  app.use(dbCallsHeader);
  // After the D1 client (creating it makes no D1 call; a HIT makes none either), before the
  // routes. Background refreshes of stale pages run through the whole app again.
  app.use(edgeCache({ revalidate: (request, env, ctx) => app.fetch(request, env, ctx) }));
  app.route('/posts', articleRoutes);
  app.route('/search', searchRoutes);
  app.route('/assets', assetRoutes);
  app.route('/', feedRoutes);
  app.route('/', listingRoutes);
  app.notFound(notFound);
  app.onError(serverError);
  return app;
}
