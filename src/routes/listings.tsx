/** GET /, /stack/:name, /tools/:name, /tags/:name, /difficulty/:level — paginated article listings. */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { type ListingFilter, listArticles } from '../db/listing-queries.ts';
import { timeRender } from '../observe/render-timing.ts';
import { ListingPage } from '../pages/listing-page.tsx';
import { paths, siteOf } from '../site.ts';
import { badRequest, notFound } from './error-responses.tsx';
import { answerOldUrl } from './old-urls.ts';
import { isPlausibleName, PAGE_ERROR, PER_PAGE, parsePage } from './params.ts';

export const listingRoutes = new Hono<AppEnv>();

interface ListingCopy {
  basePath: string;
  heading: string;
  description: string;
}

/**
 * The part every listing shares: validate ?page, read one page, 404 for a filter that matches
 * nothing (an unknown stack is not a page) or a page past the end.
 */
async function renderListing(c: Context<AppEnv>, filter: ListingFilter, copy: ListingCopy) {
  const page = parsePage(c.req.query('page'));
  if (page === null) {
    return badRequest(c, PAGE_ERROR);
  }
  const listing = await listArticles(c.var.db, filter, { page, perPage: PER_PAGE });
  if (listing.items.length === 0 && (page > 1 || filter.kind !== 'latest')) {
    return notFound(c);
  }
  return timeRender(c, () => c.html(<ListingPage site={siteOf(c)} listing={listing} {...copy} />));
}

listingRoutes.get('/', (c) =>
  // WordPress's own permalinks: /?p=123 and /?page_id=7 are old URLs, not the home page.
  c.req.query('p') !== undefined || c.req.query('page_id') !== undefined
    ? answerOldUrl(c)
    : renderListing(
        c,
        { kind: 'latest' },
        {
          basePath: '/',
          heading: 'Latest articles',
          description: 'Practical programming articles, newest first.',
        },
      ),
);

listingRoutes.get('/stack/:name', (c) => {
  const name = c.req.param('name');
  if (!isPlausibleName(name)) {
    return notFound(c);
  }
  return renderListing(
    c,
    { kind: 'stack', name },
    {
      basePath: paths.stack(name),
      heading: `Stack: ${name}`,
      description: `Articles about ${name}, newest first.`,
    },
  );
});

listingRoutes.get('/tools/:name', (c) => {
  const name = c.req.param('name');
  if (!isPlausibleName(name)) {
    return notFound(c);
  }
  return renderListing(
    c,
    { kind: 'tool', name },
    {
      basePath: paths.tool(name),
      heading: `Tool: ${name}`,
      description: `Articles that use ${name}, newest first.`,
    },
  );
});

listingRoutes.get('/tags/:name', (c) => {
  const name = c.req.param('name');
  if (!isPlausibleName(name)) {
    return notFound(c);
  }
  return renderListing(
    c,
    { kind: 'tag', name },
    {
      basePath: paths.tag(name),
      heading: `Topic: ${name}`,
      description: `Articles tagged ${name}, newest first.`,
    },
  );
});

listingRoutes.get('/difficulty/:level', (c) => {
  const level = c.req.param('level');
  if (!isPlausibleName(level)) {
    return notFound(c);
  }
  return renderListing(
    c,
    { kind: 'difficulty', level },
    {
      basePath: paths.difficulty(level),
      heading: `Difficulty: ${level}`,
      description: `Articles for ${level} readers, newest first.`,
    },
  );
});
