/** GET /stack, /tools, /difficulty — one index page per kind of topic (pages/topics.ts). */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { listTopics } from '../db/topic-queries.ts';
import { timeRender } from '../observe/render-timing.ts';
import { TopicIndexPage } from '../pages/topic-index-page.tsx';
import { TOPIC_INDEXES } from '../pages/topics.ts';
import { siteOf } from '../site.ts';

export const topicRoutes = new Hono<AppEnv>();

for (const index of TOPIC_INDEXES) {
  topicRoutes.get(index.path, async (c) => {
    const topics = await listTopics(c.var.db, index.kind);
    return timeRender(c, () =>
      c.html(<TopicIndexPage site={siteOf(c)} index={index} topics={topics} />),
    );
  });
}
