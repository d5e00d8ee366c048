/** The 404, 400 and 500 responses every route uses: real HTML pages with the right status. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env.ts';
import { BadRequestPage, NotFoundPage, ServerErrorPage } from '../pages/error-pages.tsx';
import { siteOf } from './site.ts';

/**
 * The site's 404 page; also the app's notFound handler.
 *
 * @example
 * if (!article) return notFound(c);
 */
export function notFound(c: Context<AppEnv>) {
  return c.html(<NotFoundPage site={siteOf(c)} />, 404);
}

/**
 * A 400 page that says what was wrong with the request.
 *
 * @example
 * if (page === null) return badRequest(c, PAGE_ERROR);
 */
export function badRequest(c: Context<AppEnv>, message: string) {
  return c.html(<BadRequestPage site={siteOf(c)} message={message} />, 400);
}

/**
 * The app's onError handler: logs the error and answers with a plain 500 page, never a stack
 * trace. Hono's own HTTP errors (a malformed request body, for example) keep their status.
 */
export function serverError(err: Error, c: Context<AppEnv>) {
  if (err instanceof HTTPException && err.status < 500) {
    return badRequest(c, err.message || 'The request could not be understood.');
  }
  console.error(
    JSON.stringify({ level: 'error', path: c.req.path, error: String(err.stack ?? err) }),
  );
  return c.html(<ServerErrorPage site={siteOf(c)} />, 500);
}
