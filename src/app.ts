/**
 * Builds the Hono app. Middleware order is the request's path through the Worker:
 * D1 client → routes → page.
 */
import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';
import { dbMiddleware } from './db/middleware.ts';
import { adminRoutes } from './routes/admin.ts';

export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(dbMiddleware);
  app.route('/admin', adminRoutes);
  return app;
}
