/** GET /posts/:slug: the article, its meta box and its similar posts. */
import type { FC } from 'hono/jsx';
import type { Article, SimilarLink } from '../content/types.ts';
import { paths, type Site } from '../site.ts';
import { ArticleBody } from './article-body.tsx';
import { articleJsonLd } from './article-json-ld.ts';
import { formatDate } from './format.ts';
import { JsonLd } from './json-ld.tsx';
import { Layout } from './layout.tsx';
import { MetaBox } from './meta-box.tsx';
import { SimilarPosts } from './similar-posts.tsx';
import { TagList } from './tag-list.tsx';

export interface ArticlePageProps {
  site: Site;
  article: Article;
  similar: SimilarLink[];
}

export const ArticlePage: FC<ArticlePageProps> = ({ site, article, similar }) => (
  <Layout
    site={site}
    title={article.title}
    description={article.summary}
    canonicalPath={paths.article(article.slug)}
    indexable={article.indexable}
    ogType="article"
    head={
      <>
        <meta property="article:published_time" content={article.createdAt} />
        <meta property="article:modified_time" content={article.updatedAt} />
        {[...article.stack, ...(article.tags ?? [])].map((name) => (
          <meta property="article:tag" content={name} />
        ))}
        <JsonLd data={articleJsonLd(site, article)} />
      </>
    }
  >
    <article>
      <header>
        <p class="eyebrow">
          {article.difficulty !== '' && (
            <>
              <a href={paths.difficulty(article.difficulty)}>{article.difficulty}</a> ·{' '}
            </>
          )}
          {article.readingTime} min read
        </p>
        <h1>{article.title}</h1>
        {/* The lede is the author's description; a summary derived from the body would only
            repeat its first paragraph. */}
        {!article.summaryDerived && article.summary !== '' && <p class="lede">{article.summary}</p>}
        <p class="byline">
          Published <time datetime={article.createdAt}>{formatDate(article.createdAt)}</time>
          {article.updatedAt.slice(0, 10) !== article.createdAt.slice(0, 10) && (
            <>
              {' '}
              · updated <time datetime={article.updatedAt}>{formatDate(article.updatedAt)}</time>
            </>
          )}
          {article.author && <> · by {article.author}</>}
        </p>
        <TagList kind="stack" names={article.stack} label="Stack" />
        <TagList kind="tag" names={article.tags ?? []} label="Topics" />
      </header>
      <ArticleBody body={article.body} />
      <MetaBox article={article} />
    </article>
    <SimilarPosts links={similar} />
  </Layout>
);
