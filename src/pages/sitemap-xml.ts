/** GET /sitemap.xml: indexable articles only, each with the date its content last changed. */
import type { SitemapEntry } from '../content/types.ts';
import { absoluteUrl, paths, type Site } from '../site.ts';
import { xml } from './xml.ts';

/**
 * @example
 * sitemapXml(site, [{ slug: 'a', updatedAt: '2026-01-01T00:00:00.000Z' }])
 */
export function sitemapXml(site: Site, entries: SitemapEntry[]): string {
  return xml`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>${absoluteUrl(site, '/')}</loc></url>
${entries.map(
  (entry) =>
    xml`<url><loc>${absoluteUrl(site, paths.article(entry.slug))}</loc><lastmod>${entry.updatedAt}</lastmod></url>
`,
)}</urlset>
`.toString();
}
