/** The schema.org Article description of an article, for search engines' rich results. */
import type { Article } from '../content/types.ts';
import { absoluteUrl, paths, type Site } from '../site.ts';

/**
 * @example
 * <JsonLd data={articleJsonLd(site, article)} />
 */
export function articleJsonLd(site: Site, article: Article): Record<string, unknown> {
  const url = absoluteUrl(site, paths.article(article.slug));
  const publisher = { '@type': 'Organization', name: site.name, url: absoluteUrl(site, '/') };
  return {
    '@context': 'https://schema.org',
    '@type': 'Article',
    headline: article.title,
    description: article.summary,
    url,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    datePublished: article.createdAt,
    // updated_at changes only when the imported content changes, never on a cron refresh.
    dateModified: article.updatedAt,
    author: article.author ? { '@type': 'Person', name: article.author } : publisher,
    publisher,
    keywords: [...article.stack, ...article.tools].join(', '),
    about: article.topic,
    proficiencyLevel: article.difficulty,
    timeRequired: `PT${article.readingTime}M`,
    inLanguage: 'en',
  };
}
