/** GET /feed.xml, /sitemap.xml, /robots.txt — documents for feed readers and crawlers. */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { listFeedArticles, listSitemapEntries } from '../db/listing-queries.ts';
import { timeRender } from '../observe/render-timing.ts';
import { robotsTxt } from '../pages/robots-txt.ts';
import { rssFeed } from '../pages/rss-feed.ts';
import { sitemapXml } from '../pages/sitemap-xml.ts';
import { siteOf } from '../site.ts';

/** Items in the feed: enough for a reader that polls daily. */
export const FEED_SIZE = 20;

export const feedRoutes = new Hono<AppEnv>();

feedRoutes.get('/feed.xml', async (c) => {
  // Indexable articles only, as in the sitemap: an unreviewed article is in neither.
  const latest = await listFeedArticles(c.var.db, FEED_SIZE);
  return timeRender(c, () =>
    c.body(rssFeed(siteOf(c), latest), 200, {
      'Content-Type': 'application/rss+xml; charset=utf-8',
    }),
  );
});

feedRoutes.get('/sitemap.xml', async (c) => {
  const entries = await listSitemapEntries(c.var.db);
  return timeRender(c, () =>
    c.body(sitemapXml(siteOf(c), entries), 200, {
      'Content-Type': 'application/xml; charset=utf-8',
    }),
  );
});

feedRoutes.get('/robots.txt', (c) => c.text(robotsTxt(siteOf(c))));
