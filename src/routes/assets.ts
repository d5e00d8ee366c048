/** GET /assets/site.<hash>.css — the stylesheet, cacheable for a year because its name changes with it. */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { SITE_CSS, STYLESHEET_FILE } from '../pages/stylesheet.ts';
import { notFound } from './error-responses.tsx';

export const assetRoutes = new Hono<AppEnv>();

assetRoutes.get('/:file', (c) => {
  // An old hash is a 404 rather than today's CSS: serving it under the old name would let a
  // year-long cache pin content that name never had.
  if (c.req.param('file') !== STYLESHEET_FILE) {
    return notFound(c);
  }
  return c.body(SITE_CSS, 200, {
    'Content-Type': 'text/css; charset=utf-8',
    'Cache-Control': 'public, max-age=31536000, immutable',
  });
});
