/** The 404 and 400 responses every route uses: real HTML pages with the right status. */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { timeRender } from '../observe/render-timing.ts';
import { BadRequestPage, NotFoundPage } from '../pages/error-pages.tsx';
import { siteOf } from '../site.ts';

/**
 * The site's 404 page; also the app's notFound handler.
 *
 * @example
 * if (!article) return notFound(c);
 */
export function notFound(c: Context<AppEnv>) {
  return timeRender(c, () => c.html(<NotFoundPage site={siteOf(c)} />, 404));
}

/**
 * A 400 page that says what was wrong with the request.
 *
 * @example
 * if (page === null) return badRequest(c, PAGE_ERROR);
 */
export function badRequest(c: Context<AppEnv>, message: string) {
  return timeRender(c, () => c.html(<BadRequestPage site={siteOf(c)} message={message} />, 400));
}
