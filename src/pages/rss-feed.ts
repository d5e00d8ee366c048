/** GET /feed.xml: the latest articles as RSS 2.0. */
import type { ArticleSummary } from '../content/types.ts';
import { absoluteUrl, paths, type Site } from '../site.ts';
import { xml } from './xml.ts';

/** RFC 822 dates, as RSS 2.0 requires (toUTCString gives exactly that form). */
function rfc822(iso: string): string {
  return new Date(iso).toUTCString();
}

/**
 * @example
 * rssFeed(site, latest.items) // '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" ...'
 */
export function rssFeed(site: Site, articles: ArticleSummary[]): string {
  // The newest content change, not the time of the request, so an unchanged feed stays byte-identical.
  const lastChange = articles
    .map((a) => a.updatedAt)
    .sort()
    .at(-1);
  return xml`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${site.name}</title>
<link>${absoluteUrl(site, '/')}</link>
<description>${`The latest programming articles on ${site.name}.`}</description>
<language>en</language>
<atom:link href="${absoluteUrl(site, '/feed.xml')}" rel="self" type="application/rss+xml"/>
${lastChange ? xml`<lastBuildDate>${rfc822(lastChange)}</lastBuildDate>\n` : null}${articles.map(
  (article) => {
    const url = absoluteUrl(site, paths.article(article.slug));
    return xml`<item>
<title>${article.title}</title>
<link>${url}</link>
<guid isPermaLink="true">${url}</guid>
<pubDate>${rfc822(article.createdAt)}</pubDate>
<description>${article.summary}</description>
${[...article.stack, ...article.tags].map((name) => xml`<category>${name}</category>\n`)}</item>
`;
  },
)}</channel>
</rss>
`.toString();
}
