/** Puts the per-request drizzle client and D1 usage counter on c.var. */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { countD1Calls } from '../observe/d1-counter.ts';
import { createDb } from './client.ts';

export const dbMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  const usage = { calls: 0, durationMs: 0 };
  c.set('d1Usage', usage);
  c.set('db', createDb(countD1Calls(c.env.DB, usage)));
  await next();
});
