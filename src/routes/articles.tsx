/** GET /posts/:slug — one article (or a 301 when the URL is an old one of another article). */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { isPlausibleSlug, MAX_SLUG_LENGTH } from '../content/slug.ts';
import { getArticlePageOrMove } from '../db/article-queries.ts';
import { timeRender } from '../observe/render-timing.ts';
import { ArticlePage } from '../pages/article-page.tsx';
import { siteOf } from '../site.ts';
import { notFound } from './error-responses.tsx';
import { answerOldUrl, movedTo } from './old-urls.ts';

export const articleRoutes = new Hono<AppEnv>();

articleRoutes.get('/:slug', async (c) => {
  const slug = c.req.param('slug');
  // Overlong, `..`, encoded slashes, odd unicode: none can be a slug, so no D1 call. Capitals
  // and ".html" are a slug written another way (301), and an old URL may look like anything.
  if (!isPlausibleSlug(slug)) {
    return slug.length > MAX_SLUG_LENGTH ? notFound(c) : answerOldUrl(c);
  }
  const data = await getArticlePageOrMove(c.var.db, slug);
  if (!data) {
    return notFound(c);
  }
  if ('movedTo' in data) {
    return movedTo(c, data.movedTo);
  }
  // The similar posts box shows other articles' titles: a change to one must refresh this page.
  c.set(
    'linkedArticles',
    data.similar.map((link) => link.slug),
  );
  if (!data.article.indexable) {
    // The header covers crawlers that do not parse HTML; the page also carries meta robots.
    c.header('X-Robots-Tag', 'noindex');
  }
  return timeRender(c, () =>
    c.html(<ArticlePage site={siteOf(c)} article={data.article} similar={data.similar} />),
  );
});
