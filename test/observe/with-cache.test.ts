import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppEnv } from '../../src/app-env.ts';
import { edgeCache } from '../../src/cache/middleware.ts';
import { parseAlphanode } from '../../src/content/alphanode.ts';
import { writeArticle } from '../../src/db/article-writer.ts';
import { createDb } from '../../src/db/client.ts';
import { articles } from '../../src/db/schema.ts';
import { dbMiddleware } from '../../src/observe/d1-session.ts';
import { observeMiddleware } from '../../src/observe/middleware.ts';
import { timeRender } from '../../src/observe/render-timing.ts';
import { isRequestLogLine } from '../../src/observe/request-log.ts';
import { handleError } from '../../src/routes/error-handler.tsx';
import seedText from '../fixtures/alphanode-000989.txt?raw';

const SLUG = 'building-a-safer-workflow-for-building-safer-deployment-steps-with-python-services';

/** The app's middleware order with the real edge cache in front of a stand-in article route. */
function appWithCache() {
  const app = new Hono<AppEnv>();
  app.use(observeMiddleware);
  app.use(dbMiddleware);
  app.use(
    edgeCache({
      revalidate: (request, e, ctx) => app.fetch(request, e, ctx),
      openCache: () => caches.open('observe-with-cache'),
    }),
  );
  app.get('/posts/:slug', async (c) => {
    const row = await c.var.db
      .select({ title: articles.title })
      .from(articles)
      .where(eq(articles.slug, c.req.param('slug')))
      .get();
    return timeRender(c, () => c.text(row?.title ?? 'missing'));
  });
  app.onError(handleError);
  return app;
}

async function send(app: Hono<AppEnv>, path: string): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await app.fetch(new Request(`${env.SITE_URL}${path}`), env, ctx);
  await response.text();
  await waitOnExecutionContext(ctx);
  return response;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('observe middleware in front of the edge cache', () => {
  it('reports MISS then HIT, with zero D1 calls on the HIT, in headers and log lines', async () => {
    const seed = parseAlphanode(seedText);
    if (!seed.ok) {
      throw new Error('seed does not parse');
    }
    await writeArticle(createDb(env.DB), seed.article, { now: new Date('2026-11-01T00:00:00Z') });
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const app = appWithCache();

    const miss = await send(app, `/posts/${SLUG}`);
    const hit = await send(app, `/posts/${SLUG}`);

    expect(miss.headers.get('x-cache')).toBe('MISS');
    expect(Number(miss.headers.get('x-db-calls'))).toBeGreaterThanOrEqual(1);
    expect(miss.headers.get('server-timing')).toMatch(/render;dur=.*, cache;desc="MISS"$/);

    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(hit.headers.get('x-db-calls')).toBe('0');
    expect(hit.headers.get('server-timing')).toMatch(
      /^total;dur=[\d.]+, db;dur=0;desc="0 D1 calls", cache;desc="HIT"$/,
    );

    const lines = log.mock.calls
      .map(([first]) => (typeof first === 'string' ? JSON.parse(first) : null))
      .filter(isRequestLogLine);
    expect(lines.map((l) => [l.route, l.cache, l.cacheRule, l.d1Calls === 0])).toEqual([
      ['/posts/:slug', 'MISS', 'article', false],
      ['/posts/:slug', 'HIT', 'article', true],
    ]);
  });
});
