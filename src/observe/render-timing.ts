/**
 * Measures how long a route spends turning data into HTML, for the `render` entry of Server-Timing
 * and the `renderMs` field of the request log line. Routes wrap the one call that renders the page;
 * the observe middleware reads the total when the response leaves.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';

/** Accumulated render time for one request; several renders add up. */
export interface RenderTiming {
  durationMs: number;
  renders: number;
}

/** A fresh, empty timing record; the observe middleware puts one on c.var per request. */
export function newRenderTiming(): RenderTiming {
  return { durationMs: 0, renders: 0 };
}

/**
 * Runs `render` and adds its duration to the request's render timing. Await it: hono/jsx renders
 * async components when the response body is built, which `c.html()` does inside the promise.
 * Outside the observe middleware (no timing on c.var) it simply runs `render`.
 *
 * In production the Workers clock only advances while waiting on I/O, so a render that is pure
 * CPU work reports close to 0 ms there; locally it reports real time.
 *
 * @example
 * app.get('/posts/:slug', async (c) => {
 *   const article = await getArticle(c.var.db, c.req.param('slug'));
 *   return timeRender(c, () => c.html(<ArticlePage article={article} />));
 * });
 */
export async function timeRender<T>(c: Context<AppEnv>, render: () => T | Promise<T>): Promise<T> {
  const timing = c.get('renderTiming');
  const started = performance.now();
  try {
    return await render();
  } finally {
    if (timing) {
      timing.durationMs += performance.now() - started;
      timing.renders += 1;
    }
  }
}
