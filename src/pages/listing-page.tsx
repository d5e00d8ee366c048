/** GET /, /stack/:name, /tools/:name, /difficulty/:level: a paginated list of articles. */
import type { FC } from 'hono/jsx';
import type { ArticleSummary, Paged } from '../content/types.ts';
import { paths, type Site } from '../site.ts';
import { ArticleList } from './article-list.tsx';
import { countOf } from './format.ts';
import { Layout } from './layout.tsx';
import { Pagination, pageCount } from './pagination.tsx';

export interface ListingPageProps {
  site: Site;
  heading: string;
  description: string;
  /** The listing's path without ?page. */
  basePath: string;
  listing: Paged<ArticleSummary>;
}

export const ListingPage: FC<ListingPageProps> = ({
  site,
  heading,
  description,
  basePath,
  listing,
}) => {
  const title = listing.page > 1 ? `${heading} (page ${listing.page})` : heading;
  return (
    <Layout
      site={site}
      title={basePath === '/' && listing.page === 1 ? site.name : title}
      description={description}
      canonicalPath={paths.page(basePath, listing.page)}
      indexable={true}
    >
      <h1>{title}</h1>
      <p class="lede">
        {description}
        {listing.total > 0 && ` ${countOf(listing.total, 'article')}.`}
      </p>
      {listing.items.length > 0 ? (
        <ArticleList articles={listing.items} />
      ) : (
        <p class="empty">No articles have been published yet.</p>
      )}
      <Pagination
        page={listing.page}
        pages={pageCount(listing.total, listing.perPage)}
        href={(n) => paths.page(basePath, n)}
      />
    </Layout>
  );
};
