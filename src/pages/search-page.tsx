/** GET /search?q=: the search form and ranked results with the matching words marked. */
import type { FC } from 'hono/jsx';
import type { MarkedSpan, Paged, SearchHit } from '../content/types.ts';
import { ArticleCardMeta } from './article-list.tsx';
import { Layout } from './layout.tsx';
import { Pagination } from './pagination.tsx';
import { paths, type Site } from './site.ts';

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
        hasNext={results.hasNext}
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
  >
    <h1>Search</h1>
    <search>
      <form class="search-form" action="/search" method="get">
        <label class="visually-hidden" for="search-page-q">
          Search articles
        </label>
        <input id="search-page-q" type="search" name="q" value={query} />
        <button type="submit">Search</button>
      </form>
    </search>
    <Results query={query} results={results} />
  </Layout>
);
