/** @jsxImportSource hono/jsx */
/**
 * The benchmark's ceiling: a Hono Worker on the same runtime that returns one fixed small HTML
 * page and touches no storage. Every other case is reported as a ratio of its throughput.
 *
 * `/cached` serves the same page from the Cache API (caches.default) instead: the most a cache HIT
 * can do on this runtime, whose Cache API is Miniflare's local emulation, not Cloudflare's edge.
 * `/shaped` sends a fixed page of an article's size with the headers an article HIT carries: the
 * most any Worker can serve a response of that shape at. `/d1/:slug` reads one article row from
 * the bench's D1 (one indexed query) before sending the fixed page: the most a page that reads
 * D1 on every request can be served at. `/d1-store/:slug` does what any Worker must do for a first
 * visit to a page it caches, without rendering anything: a Cache API lookup (a miss), the same one
 * D1 read, and the article-shaped page sent and stored with cache.put (after the response, as
 * the app stores it). Locally the Cache API is Miniflare's emulation on the same runtime, so its
 * store costs this runtime's CPU, where on Cloudflare it is a service outside the Worker.
 */
import { Hono } from 'hono';
import { SECURITY_HEADERS } from '../../src/security-headers.ts';

type Env = { Bindings: { DB?: D1Database } };

// Built once: the page never changes, so each request only serialises it.
const page = (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <title>baseline</title>
    </head>
    <body>
      <h1>baseline</h1>
      <p>A fixed page that measures the runtime and the load generator, not the application.</p>
    </body>
  </html>
);

/** About an article page's size (12 KB), as bytes sent once per request. */
const shapedBody = `<!DOCTYPE html><html lang="en"><body>${'<p>A fixed paragraph of an article-sized page.</p>'.repeat(240)}</body></html>`;
/** The headers of an article cache HIT (as `curl -D -` shows them), with values of their length. */
const shapedHeaders: [string, string][] = [
  ...SECURITY_HEADERS.map(([name, value]) => [name, value] as [string, string]),
  ['content-type', 'text/html; charset=UTF-8'],
  ['etag', '"0123456789abcdef0123456789abcdef"'],
  ['cache-control', 'public, max-age=60'],
  ['age', '3'],
  ['x-cache', 'HIT'],
  ['x-cache-rule', 'article'],
  ['x-cache-key', `http://127.0.0.1:8851/posts/${'a-typical-article-slug-'.repeat(3)}?__version=0`],
  ['x-cache-source', 'memory'],
  ['x-cache-tags', `article:${'a-typical-article-slug-'.repeat(3)},site`],
  ['server-timing', 'total;dur=0, db;dur=0;desc="0 D1 calls", cache;desc="HIT"'],
  ['x-db-calls', '0'],
  ['x-request-id', '00000000-0000-4000-8000-000000000000'],
];

/** The same headers as a first visit's: the page was not served from a cache. */
const missHeaders = shapedHeaders.map(([name, value]): [string, string] => [
  name,
  name === 'x-cache' ? 'MISS' : value,
]);

const app = new Hono<Env>();
app.get('/shaped', () => new Response(shapedBody, { headers: shapedHeaders }));
app.get('/d1/:slug', async (c) => {
  const row = await c.env.DB?.prepare('select id from articles where slug = ?')
    .bind(c.req.param('slug'))
    .first();
  return row ? c.html(page) : c.notFound();
});
app.get('/d1-store/:slug', async (c) => {
  const stored = await caches.default.match(c.req.url);
  if (stored) {
    return stored;
  }
  const row = await c.env.DB?.prepare('select id from articles where slug = ?')
    .bind(c.req.param('slug'))
    .first();
  if (!row) {
    return c.notFound();
  }
  // The copy stored carries a shared-cache lifetime, as the app's stored copies do.
  const stores = () =>
    new Response(shapedBody, {
      headers: [...missHeaders, ['cache-control', 'public, max-age=86400']],
    });
  c.executionCtx.waitUntil(caches.default.put(c.req.url, stores()));
  return new Response(shapedBody, { headers: missHeaders });
});
app.get('/cached', async (c) => {
  const stored = await caches.default.match(c.req.url);
  if (stored) {
    return stored;
  }
  const response = await c.html(page);
  response.headers.set('cache-control', 'public, max-age=3600');
  await caches.default.put(c.req.url, response.clone());
  return response;
});
app.get('*', (c) => c.html(page));

export default app;
