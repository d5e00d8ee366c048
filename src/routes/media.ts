/**
 * GET /media/<hash>.<ext> — an image an import stored in the MEDIA bucket (src/import/media.ts).
 * The name is a hash of the bytes, so the answer never changes: browsers keep it for a year
 * (immutable), and the ETag is R2's own for the object. An unknown or malformed name is the 404 page.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { MEDIA_KEY } from '../media/store.ts';
import { notFound } from './error-responses.tsx';

export const mediaRoutes = new Hono<AppEnv>();

mediaRoutes.get('/:file', async (c) => {
  const key = c.req.param('file');
  if (!MEDIA_KEY.test(key)) {
    return notFound(c);
  }
  const object = await c.env.MEDIA.get(key);
  if (object === null) {
    return notFound(c);
  }
  const headers = new Headers();
  object.writeHttpMetadata(headers);
  headers.set('Cache-Control', 'public, max-age=31536000, immutable');
  headers.set('ETag', object.httpEtag);
  // A repeat visit's If-None-Match becomes a 304 in the edge cache (src/cache/middleware.ts).
  return new Response(object.body, { status: 200, headers });
});
