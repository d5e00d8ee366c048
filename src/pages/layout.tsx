/**
 * The HTML document around every page: head metadata (title, description, canonical URL,
 * robots, OpenGraph), the header with navigation (latest, the topic indexes, the feed) and the
 * site's one search box, the main landmark and the footer.
 */

import { html } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import { absoluteUrl, type Site } from '../site.ts';
import { STYLESHEET_PATH } from './stylesheet.ts';
import { TOPIC_INDEXES } from './topics.ts';

export interface LayoutProps {
  site: Site;
  /** The page's own title; the site name is appended. */
  title: string;
  description: string;
  /** Path of the page's canonical URL; omitted on error pages, which have none. */
  canonicalPath?: string;
  /** false adds meta robots noindex (routes send X-Robots-Tag: noindex alongside). */
  indexable: boolean;
  ogType?: 'website' | 'article';
  /** What the header's search box shows: the query on the search page, empty elsewhere. */
  searchQuery?: string;
  /** Extra head elements (article times, JSON-LD). */
  head?: Child;
  children?: Child;
}

export const Layout: FC<LayoutProps> = (props) => {
  const { site, title, description, canonicalPath } = props;
  const fullTitle = title === site.name ? title : `${title} · ${site.name}`;
  const canonical = canonicalPath === undefined ? undefined : absoluteUrl(site, canonicalPath);
  // hono/html's tag leaves the JSX below escaped as rendered and adds only the constant doctype.
  return html`<!DOCTYPE html>${(
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <meta name="description" content={description} />
        <meta name="robots" content={props.indexable ? 'index, follow' : 'noindex'} />
        {canonical && <link rel="canonical" href={canonical} />}
        <meta property="og:site_name" content={site.name} />
        <meta property="og:title" content={title} />
        <meta property="og:description" content={description} />
        <meta property="og:type" content={props.ogType ?? 'website'} />
        {canonical && <meta property="og:url" content={canonical} />}
        <meta name="twitter:card" content="summary" />
        <link rel="stylesheet" href={STYLESHEET_PATH} />
        {/* An empty icon: without it every page view also requests /favicon.ico and gets a 404. */}
        <link rel="icon" href="data:," />
        <link
          rel="alternate"
          type="application/rss+xml"
          title={`${site.name} feed`}
          href="/feed.xml"
        />
        {props.head}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <div class="wrap">
            <a class="brand" href="/">
              {site.name}
            </a>
            <nav class="site-nav" aria-label="Site">
              <a href="/">Latest</a>
              {TOPIC_INDEXES.map((index) => (
                <a href={index.path}>{index.heading}</a>
              ))}
              <a href="/feed.xml">RSS</a>
            </nav>
            <search class="site-search">
              <form class="search-form" action="/search" method="get">
                <label class="visually-hidden" for="site-search">
                  Search articles
                </label>
                <input
                  id="site-search"
                  type="search"
                  name="q"
                  placeholder="Search articles"
                  value={props.searchQuery}
                />
                <button type="submit">Search</button>
              </form>
            </search>
          </div>
        </header>
        <main id="main" tabindex={-1}>
          <div class="wrap">{props.children}</div>
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <span>{site.name}: programming articles, served from the edge.</span>
            <ul>
              <li>
                <a href="/feed.xml">RSS feed</a>
              </li>
              <li>
                <a href="/sitemap.xml">Sitemap</a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  )}`;
};
