/** GET /search?q=&page= — full-text search. */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { searchArticles } from '../db/search-queries.ts';
import { timeRender } from '../observe/render-timing.ts';
import { SearchPage } from '../pages/search-page.tsx';
import { siteOf } from '../site.ts';
import { badRequest } from './error-responses.tsx';
import { MAX_SEARCH_LENGTH, PAGE_ERROR, PER_PAGE, parsePage } from './params.ts';

export const searchRoutes = new Hono<AppEnv>();

searchRoutes.get('/', async (c) => {
  const query = c.req.query('q') ?? '';
  if (query.length > MAX_SEARCH_LENGTH) {
    return badRequest(c, `The search text is too long: at most ${MAX_SEARCH_LENGTH} characters.`);
  }
  const page = parsePage(c.req.query('page'));
  if (page === null) {
    return badRequest(c, PAGE_ERROR);
  }
  const results = await searchArticles(c.var.db, query, { page, perPage: PER_PAGE });
  // Result pages are endless and thin: useful to visitors, not to a search engine's index.
  c.header('X-Robots-Tag', 'noindex');
  return timeRender(c, () =>
    c.html(<SearchPage site={siteOf(c)} query={query} results={results} />),
  );
});
