/**
 * A stand-in for the site's routes (built in parallel on another branch): real handlers on the
 * real counted db and real D1, mounted at the paths of the rule table, behind the real cache
 * middleware. A few extra article slugs answer the way a misbehaving route might (cookie,
 * private, redirect, crash), for the never-store tests.
 */
import { desc, eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppEnv } from '../../src/app-env.ts';
import { edgeCache } from '../../src/cache/middleware.ts';
import { articles, articleTags, similarPosts } from '../../src/db/schema.ts';
import { dbMiddleware } from '../../src/observe/d1-session.ts';
import { setDbCallsHeader } from '../../src/observe/db-calls-header.ts';

export interface TestClock {
  now: () => number;
  advance: (ms: number) => void;
}

export function testClock(start = Date.now()): TestClock {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

let cacheCounter = 0;

export function createTestApp(clock: TestClock, cacheName = `cache-test-${++cacheCounter}`) {
  const app = new Hono<AppEnv>();
  // What the observe middleware does in the real app: the D1 round trips this request waited for.
  app.use(async (c, next) => {
    await next();
    c.res = new Response(c.res.body, c.res);
    setDbCallsHeader(c.res.headers, c.var.d1Usage);
  });
  app.use(dbMiddleware);
  app.use(
    edgeCache({
      revalidate: (request, env, ctx) => app.fetch(request, env, ctx),
      now: clock.now,
      openCache: () => caches.open(cacheName),
    }),
  );

  const page = (raw: string | undefined) => Math.max(1, Number(raw ?? '1') || 1);
  const listing = (rows: { slug: string; title: string }[]) => ({
    items: rows.map((r) => `${r.slug}|${r.title}`),
  });

  app.get('/posts/:slug', async (c) => {
    const slug = c.req.param('slug');
    if (slug === 'sets-cookie') {
      c.header('set-cookie', 'seen=1; Path=/');
      return c.json({ title: 'with a cookie' });
    }
    if (slug === 'private-page') {
      c.header('cache-control', 'private, max-age=0');
      return c.json({ title: 'private' });
    }
    if (slug === 'moved') {
      return c.redirect('/posts/elsewhere', 301);
    }
    const article = await c.var.db
      .select({ id: articles.id, title: articles.title, freshness: articles.scoreFreshness })
      .from(articles)
      .where(eq(articles.slug, slug))
      .get();
    if (!article) {
      return c.json({ error: 'not found' }, 404);
    }
    const similar = await c.var.db
      .select({ slug: articles.slug, title: articles.title })
      .from(similarPosts)
      .innerJoin(articles, eq(articles.id, similarPosts.similarArticleId))
      .where(eq(similarPosts.articleId, article.id))
      .orderBy(similarPosts.rank);
    c.set(
      'linkedArticles',
      similar.map((s) => s.slug),
    );
    return c.json({
      title: article.title,
      freshness: article.freshness,
      similar: listing(similar),
    });
  });

  app.get('/', async (c) => {
    const rows = await c.var.db
      .select({ slug: articles.slug, title: articles.title })
      .from(articles)
      .orderBy(desc(articles.createdAt), desc(articles.id))
      .limit(10)
      .offset((page(c.req.query('page')) - 1) * 10);
    return c.json(listing(rows));
  });

  const byTag = (kind: 'stack' | 'tool') => async (c: import('hono').Context<AppEnv>) => {
    const rows = await c.var.db
      .select({ slug: articles.slug, title: articles.title })
      .from(articles)
      .innerJoin(articleTags, eq(articleTags.articleId, articles.id))
      .where(sql`${articleTags.kind} = ${kind} and ${articleTags.name} = ${c.req.param('name')}`)
      .orderBy(desc(articles.createdAt));
    return rows.length > 0 ? c.json(listing(rows)) : c.json({ error: 'no such listing' }, 404);
  };
  app.get('/stack/:name', byTag('stack'));
  app.get('/tools/:name', byTag('tool'));
  app.get('/difficulty/:level', async (c) => {
    const rows = await c.var.db
      .select({ slug: articles.slug, title: articles.title })
      .from(articles)
      .where(eq(articles.difficulty, c.req.param('level')));
    return c.json(listing(rows));
  });

  app.get('/search', async (c) => {
    const q = c.req.query('q') ?? '';
    const rows = q
      ? await c.var.db.all<{ slug: string; title: string }>(
          sql`select a.slug, a.title from articles_fts f join articles a on a.id = f.rowid where articles_fts match ${q} limit 10 offset ${(page(c.req.query('page')) - 1) * 10}`,
        )
      : [];
    return c.json({ q, ...listing(rows) });
  });

  app.get('/feed.xml', async (c) => {
    const rows = await c.var.db
      .select({ slug: articles.slug, title: articles.title })
      .from(articles);
    c.header('content-type', 'application/rss+xml');
    return c.body(JSON.stringify(listing(rows)));
  });
  app.get('/sitemap.xml', async (c) => {
    const rows = await c.var.db
      .select({ slug: articles.slug, title: articles.title })
      .from(articles);
    c.header('content-type', 'application/xml');
    return c.body(JSON.stringify(listing(rows)));
  });
  app.get('/assets/:file', (c) =>
    c.req.param('file') === 'site.css'
      ? c.body('body { margin: 0 }', 200, { 'content-type': 'text/css' })
      : c.text('not found', 404),
  );
  app.get('/robots.txt', (c) => c.text('User-agent: *\nAllow: /\n'));
  app.get('/healthz', async (c) => {
    await c.var.db.run(sql`select 1`);
    return c.json({ ok: true });
  });
  app.get('/admin/jobs', (c) => c.json({ jobs: [] }));
  return app;
}
