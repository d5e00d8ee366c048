/** Sends requests through an app the way the Worker runtime does, background work included. */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import type { Hono } from 'hono';
import type { AppEnv } from '../../src/app-env.ts';
import { GENERATION_MAX_AGE_MS } from '../../src/cache/generation.ts';
import type { ArticleInput } from '../../src/content/types.ts';
import { writeArticle } from '../../src/db/article-writer.ts';
import { createDb } from '../../src/db/client.ts';
import type { TestClock } from './test-app.ts';

export const db = createDb(env.DB);

export interface Sent {
  response: Response;
  body: string;
  cache: string | null;
  dbCalls: number;
}

/** Fetches `path` (relative to SITE_URL unless absolute) and waits for ctx.waitUntil work. */
export async function send(app: Hono<AppEnv>, path: string, init?: RequestInit): Promise<Sent> {
  const ctx = createExecutionContext();
  const url = path.startsWith('http') ? path : `${env.SITE_URL}${path}`;
  const response = await app.fetch(new Request(url, init), env, ctx);
  const body = await response.text();
  await waitOnExecutionContext(ctx);
  return {
    response,
    body,
    cache: response.headers.get('x-cache'),
    dbCalls: Number(response.headers.get('x-db-calls')),
  };
}

export async function store(input: ArticleInput) {
  return writeArticle(db, input, { now: new Date('2025-01-01T00:00:00Z') });
}

/** Makes every query touching `table` fail for real (no such table), then puts it back. */
export async function withTableDown<T>(table: string, work: () => Promise<T>): Promise<T> {
  await env.DB.exec(`ALTER TABLE ${table} RENAME TO ${table}_offline`);
  try {
    return await work();
  } finally {
    await env.DB.exec(`ALTER TABLE ${table}_offline RENAME TO ${table}`);
  }
}

/** D1 failing for the pages: every article query errors. */
export function withArticlesTableDown<T>(work: () => Promise<T>): Promise<T> {
  return withTableDown('articles', work);
}

/**
 * Moves past the documented invalidation bound (docs/CACHE_RULES.md, "The bound"): the clock by
 * GENERATION_MAX_AGE_MS, then one request that wakes the isolate. That request is answered from
 * the old snapshot while the snapshot is read again behind it (the exception the bound states);
 * every request after it must show what was invalidated before.
 */
export async function passTheBound(app: Hono<AppEnv>, clock: TestClock): Promise<void> {
  clock.advance(GENERATION_MAX_AGE_MS);
  await send(app, '/robots.txt');
}
