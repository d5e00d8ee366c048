/** @jsxImportSource hono/jsx */
/**
 * The benchmark's ceiling: a Hono Worker on the same runtime that returns one fixed small HTML
 * page and touches no storage. Every other case is reported as a ratio of its throughput.
 *
 * `/cached` serves the same page from the Cache API (caches.default) instead: the most a cache HIT
 * can do on this runtime, whose Cache API is Miniflare's local emulation, not Cloudflare's edge.
 */
import { Hono } from 'hono';

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

const app = new Hono();
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
