/** GET /posts/:slug — one article. */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { addPageTags, linksToTag } from '../cache/tags.ts';
import { isPlausibleSlug } from '../content/slug.ts';
import { getArticlePage } from '../db/article-queries.ts';
import { timeRender } from '../observe/render-timing.ts';
import { ArticlePage } from '../pages/article-page.tsx';
import { notFound } from './error-responses.tsx';
import { siteOf } from './site.ts';

export const articleRoutes = new Hono<AppEnv>();

articleRoutes.get('/:slug', async (c) => {
  const slug = c.req.param('slug');
  // Overlong, upper-case, `..`, encoded slashes, odd unicode: none can be a slug, so no D1 call.
  if (!isPlausibleSlug(slug)) {
    return notFound(c);
  }
  const data = await getArticlePage(c.var.db, slug);
  if (!data) {
    return notFound(c);
  }
  // The similar posts box shows other articles' titles: a change to one must refresh this page.
  addPageTags(
    c,
    data.similar.map((link) => linksToTag(link.slug)),
  );
  if (!data.article.indexable) {
    // The header covers crawlers that do not parse HTML; the page also carries meta robots.
    c.header('X-Robots-Tag', 'noindex');
  }
  return timeRender(c, () =>
    c.html(<ArticlePage site={siteOf(c)} article={data.article} similar={data.similar} />),
  );
});
