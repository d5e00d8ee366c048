/**
 * Builds the Hono app. Middleware order is the request's path through the Worker:
 * observe (request id, timing, log line) → internal headers (for the operator only) → security
 * headers fallback → D1 client → edge cache →
 * security headers → routes → page.
 */
import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';
import { type EdgeCacheOptions, edgeCache } from './cache/middleware.ts';
import { dbMiddleware } from './observe/d1-session.ts';
import { internalHeaders } from './observe/internal-headers.ts';
import { observeMiddleware } from './observe/middleware.ts';
import { adminRoutes } from './routes/admin.ts';
import { articleRoutes } from './routes/articles.tsx';
import { assetRoutes } from './routes/assets.ts';
import { handleError } from './routes/error-handler.tsx';
import { feedRoutes } from './routes/feeds.ts';
import { healthRoutes } from './routes/health.ts';
import { listingRoutes } from './routes/listings.tsx';
import { mediaRoutes } from './routes/media.ts';
import { methodNotAllowed } from './routes/method-not-allowed.ts';
import { answerOldUrl } from './routes/old-urls.ts';
import { searchRoutes } from './routes/search.tsx';
import { topicRoutes } from './routes/topics.tsx';
import { securityHeaders, securityHeadersFallback } from './security-headers.ts';

export interface AppOptions {
  /** The edge cache's clock and cache instance; tests use them to move time and isolate entries. */
  cache?: Pick<EdgeCacheOptions, 'now' | 'openCache'>;
}

export function createApp(options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(observeMiddleware);
  // Inside observe: the log line reads x-cache, x-cache-rule and x-cache-bypass, which all stay.
  app.use(internalHeaders);
  app.use(securityHeadersFallback);
  app.use(dbMiddleware);
  // After the D1 client (creating it makes no D1 call; a HIT makes none either), before the
  // routes. Background refreshes of stale pages run through the whole app again.
  app.use(
    edgeCache({
      ...options.cache,
      revalidate: (request, env, ctx) => app.fetch(request, env, ctx),
    }),
  );
  // Inside the cache, so stored pages carry the headers (security-headers.ts).
  app.use(securityHeaders);
  app.route('/', healthRoutes);
  app.route('/admin', adminRoutes);
  app.route('/posts', articleRoutes);
  app.route('/search', searchRoutes);
  app.route('/assets', assetRoutes);
  app.route('/media', mediaRoutes);
  app.route('/', feedRoutes);
  app.route('/', topicRoutes);
  app.route('/', listingRoutes);
  // What no route answers is a known path asked with another method (405), an old URL of an
  // imported article (a 301), or else the 404 page.
  app.notFound((c) => methodNotAllowed(app, c) ?? answerOldUrl(c));
  app.onError(handleError);
  return app;
}
