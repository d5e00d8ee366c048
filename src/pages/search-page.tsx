/** GET /search?q=: the result count and ranked results with the matching words marked. */
import type { FC } from 'hono/jsx';
import type { MarkedSpan, Paged, SearchHit } from '../content/types.ts';
import { paths, type Site } from '../site.ts';
import { ArticleCardMeta } from './article-list.tsx';
import { countOf } from './format.ts';
import { Layout } from './layout.tsx';
import { Pagination, pageCount } from './pagination.tsx';

/** Plain text with <mark> around matches; every span goes through JSX escaping. */
export const MarkedText: FC<{ spans: MarkedSpan[] }> = ({ spans }) => (
  <>{spans.map((span) => (span.marked ? <mark>{span.text}</mark> : span.text))}</>
);

export interface SearchPageProps {
  site: Site;
  query: string;
  /** null when the query holds no words to search for (or is empty). */
  results: Paged<SearchHit> | null;
}

const Results: FC<{ query: string; results: Paged<SearchHit> | null }> = ({ query, results }) => {
  if (results === null) {
    return query.trim() === '' ? null : (
      <p class="empty">Type at least one word (letters or digits) to search for.</p>
    );
  }
  if (results.items.length === 0) {
    return (
      <p class="empty">
        {results.page > 1 ? 'No more articles match' : 'No articles match'} “{query}”.
      </p>
    );
  }
  return (
    <>
      <p class="result-count" role="status">
        {countOf(results.total, 'article')} match “{query}”.
      </p>
      <ol class="article-list">
        {results.items.map((hit) => (
          <li>
            <article>
              <h2>
                <a href={paths.article(hit.article.slug)}>
                  <MarkedText spans={hit.title} />
                </a>
              </h2>
              <ArticleCardMeta article={hit.article} />
              <p>
                <MarkedText spans={hit.snippet} />
              </p>
            </article>
          </li>
        ))}
      </ol>
      <Pagination
        page={results.page}
        pages={pageCount(results.total, results.perPage)}
        href={(n) => paths.search(query, n)}
        previousLabel="Previous"
        nextLabel="More results"
      />
    </>
  );
};

export const SearchPage: FC<SearchPageProps> = ({ site, query, results }) => (
  <Layout
    site={site}
    title={query.trim() ? `Search: ${query}` : 'Search'}
    description={`Search the ${site.name} articles by title, summary and text.`}
    canonicalPath="/search"
    indexable={false}
    searchQuery={query}
  >
    {/* The header's search box is the page's one form: it shows the query being answered. */}
    <h1>{query.trim() ? `Search: ${query}` : 'Search'}</h1>
    <Results query={query} results={results} />
  </Layout>
);
