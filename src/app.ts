/**
 * Builds the Hono app. Middleware order is the request's path through the Worker:
 * observe (request id, timing, log line) → D1 client → routes → page.
 */
import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';
import { dbMiddleware } from './db/middleware.ts';
import { handleError } from './observe/error-handler.tsx';
import { observeMiddleware } from './observe/middleware.ts';
import { healthRoutes } from './routes/health.ts';

export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(observeMiddleware);
  app.use(dbMiddleware);
  app.route('/', healthRoutes);
  app.onError(handleError);
  return app;
}
