/** Article cards for listings: title, summary, stack and topic tags, reading time. */
import type { FC } from 'hono/jsx';
import type { ArticleSummary } from '../content/types.ts';
import { paths } from '../site.ts';
import { formatDate } from './format.ts';
import { TagList } from './tag-list.tsx';

export const ArticleCardMeta: FC<{ article: ArticleSummary }> = ({ article }) => (
  <p class="card-meta">
    <time datetime={article.createdAt}>{formatDate(article.createdAt)}</time> ·{' '}
    {article.readingTime} min read · {article.difficulty}
  </p>
);

export const ArticleList: FC<{ articles: ArticleSummary[] }> = ({ articles }) => (
  <ol class="article-list">
    {articles.map((article) => (
      <li>
        <article>
          <h2>
            <a href={paths.article(article.slug)}>{article.title}</a>
          </h2>
          <ArticleCardMeta article={article} />
          <p>{article.summary}</p>
          <TagList kind="stack" names={article.stack} label="Stack" />
          <TagList kind="tag" names={article.tags} label="Topics" />
        </article>
      </li>
    ))}
  </ol>
);
