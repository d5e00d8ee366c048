/**
 * The kinds of topic a reader can browse, as data: the header's links, the index pages
 * (/tags, /stack, /tools, /difficulty) and their routes are all built from this one list, so a new
 * kind is one entry here plus its path in the cache rules.
 */
import type { TopicKind } from '../db/topic-queries.ts';
import { paths } from '../site.ts';

export interface TopicIndex {
  kind: TopicKind;
  /** The index page's path; each name's listing is `href(name)`. */
  path: string;
  /** The header link and the index page's heading. */
  heading: string;
  description: string;
  href: (name: string) => string;
}

export const TOPIC_INDEXES: readonly TopicIndex[] = [
  {
    kind: 'tag',
    path: '/tags',
    heading: 'Tags',
    description:
      'Every topic the authors tagged their articles with, with how many articles each has.',
    href: paths.tag,
  },
  {
    kind: 'stack',
    path: '/stack',
    heading: 'Stacks',
    description: 'Every stack the articles cover, with how many articles each has.',
    href: paths.stack,
  },
  {
    kind: 'tool',
    path: '/tools',
    heading: 'Tools',
    description: 'Every tool the articles use, with how many articles each has.',
    href: paths.tool,
  },
  {
    kind: 'difficulty',
    path: '/difficulty',
    heading: 'Difficulty',
    description: 'Articles by the experience they expect of a reader.',
    href: paths.difficulty,
  },
];
