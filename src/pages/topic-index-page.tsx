/** GET /stack, /tools, /difficulty: every name of one kind of topic, with its article count. */
import type { FC } from 'hono/jsx';
import type { TopicCount } from '../db/topic-queries.ts';
import type { Site } from '../site.ts';
import { countOf } from './format.ts';
import { Layout } from './layout.tsx';
import type { TopicIndex } from './topics.ts';

export interface TopicIndexPageProps {
  site: Site;
  index: TopicIndex;
  topics: TopicCount[];
}

export const TopicIndexPage: FC<TopicIndexPageProps> = ({ site, index, topics }) => (
  <Layout
    site={site}
    title={index.heading}
    description={index.description}
    canonicalPath={index.path}
    indexable={true}
  >
    <h1>{index.heading}</h1>
    <p class="lede">{index.description}</p>
    {topics.length === 0 ? (
      <p class="empty">No articles have been published yet.</p>
    ) : (
      <ul class="topic-index">
        {topics.map((topic) => (
          <li>
            <a href={index.href(topic.name)}>{topic.name}</a>{' '}
            <span class="count">{countOf(topic.articles, 'article')}</span>
          </li>
        ))}
      </ul>
    )}
  </Layout>
);
