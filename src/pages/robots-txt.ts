/** GET /robots.txt: crawl everything but search results, and find pages through the sitemap. */
import { absoluteUrl, type Site } from '../site.ts';

/**
 * @example
 * robotsTxt({ url: 'https://example.com', name: 'x' }) // '...Sitemap: https://example.com/sitemap.xml\n'
 */
export function robotsTxt(site: Site): string {
  return [
    'User-agent: *',
    // Search result pages are endless and thin; they also carry noindex.
    'Disallow: /search',
    '',
    `Sitemap: ${absoluteUrl(site, '/sitemap.xml')}`,
    '',
  ].join('\n');
}
