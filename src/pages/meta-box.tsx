/**
 * The "alphanode post meta" box: every field the source page's meta box has, as a definition
 * list. Lists are <ul>, groups of key/value pairs (outline, scores, revision, flags, payload) are
 * nested definition lists, so a screen reader announces each value with its name.
 */
import type { Child, FC } from 'hono/jsx';
import type { Article } from '../content/types.ts';
import { formatDate, formatNumber } from './format.ts';
import { paths } from './site.ts';
import { TagList } from './tag-list.tsx';

const Pairs: FC<{ pairs: [string, Child][] }> = ({ pairs }) => (
  <dl class="meta-pairs">
    {pairs.map(([name, value]) => (
      <>
        <dt>{name}</dt>
        <dd>{value}</dd>
      </>
    ))}
  </dl>
);

const TextList: FC<{ items: string[] }> = ({ items }) =>
  items.length === 0 ? (
    <span class="note">none</span>
  ) : (
    <ul>
      {items.map((item) => (
        <li>{item}</li>
      ))}
    </ul>
  );

const Flag: FC<{ on: boolean }> = ({ on }) => (
  <data value={on ? '1' : '0'}>{on ? 'yes' : 'no'}</data>
);

const Score: FC<{ value: number }> = ({ value }) => (
  <>
    <meter min={0} max={100} value={value} aria-hidden="true" />
    {value}
  </>
);

export const MetaBox: FC<{ article: Article }> = ({ article }) => {
  const rows: [string, Child][] = [
    ['topic', article.topic],
    ['problem', article.problem],
    ['summary', article.summary],
    [
      'ai outline',
      <Pairs
        pairs={[
          ['context', article.outline.context],
          ['problem', article.outline.problem],
          ['stack', article.outline.stack],
          ['recommended action', article.outline.recommendedAction],
        ]}
      />,
    ],
    ['ai brief', article.aiBrief],
    ['stack', <TagList kind="stack" names={article.stack} label="Stack" />],
    ['tools', <TagList kind="tool" names={article.tools} label="Tools" />],
    ['code language', <code>{article.codeLanguage}</code>],
    ['difficulty', <a href={paths.difficulty(article.difficulty)}>{article.difficulty}</a>],
    ['reading time', `${article.readingTime} min`],
    [
      'view count',
      <>
        <data value={String(article.viewCount)}>{formatNumber(article.viewCount)}</data>{' '}
        <span class="note">(synthetic: test data, not real traffic)</span>
      </>,
    ],
    [
      'scores',
      <Pairs
        pairs={[
          ['quality', <Score value={article.scores.quality} />],
          ['freshness', <Score value={article.scores.freshness} />],
          ['depth', <Score value={article.scores.depth} />],
          ['clarity', <Score value={article.scores.clarity} />],
        ]}
      />,
    ],
    [
      'revision',
      <Pairs
        pairs={[
          ['status', article.revision.status],
          ['version', article.revision.version],
          [
            'last reviewed',
            article.revision.lastReviewed === null ? (
              'never'
            ) : (
              <time datetime={article.revision.lastReviewed}>{article.revision.lastReviewed}</time>
            ),
          ],
        ]}
      />,
    ],
    ['reference', <code>{article.reference}</code>],
    ['hash', <code>{article.hash}</code>],
    [
      'flags',
      <Pairs
        pairs={[
          ['ai generated style', <Flag on={article.flags.aiGeneratedStyle} />],
          ['has images', <Flag on={article.flags.hasImages} />],
          ['image heavy', <Flag on={article.flags.imageHeavy} />],
          ['needs human review', <Flag on={article.flags.needsHumanReview} />],
        ]}
      />,
    ],
    ['checklist', <TextList items={article.checklist} />],
    [
      'entities',
      article.entities.length === 0 ? (
        <span class="note">none</span>
      ) : (
        <ul>
          {article.entities.map((entity) => (
            <li>
              {entity.name} <span class="entity-type">({entity.type})</span>
            </li>
          ))}
        </ul>
      ),
    ],
    [
      'payload',
      <Pairs
        pairs={[
          ['source id', <code>{article.payload.sourceId}</code>],
          ['generator', article.payload.generator],
          ['paragraphs', String(article.payload.paragraphs)],
          ['scenario', article.payload.scenario],
          ['seed', article.payload.seed === null ? 'none' : String(article.payload.seed)],
        ]}
      />,
    ],
    ['notes', <TextList items={article.notes} />],
  ];
  return (
    <section class="meta-box" aria-labelledby="post-meta">
      <h2 id="post-meta">alphanode post meta</h2>
      <dl class="meta-list">
        {rows.map(([name, value]) => (
          <>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
      <p class="note">
        Published {formatDate(article.createdAt)}, content last changed{' '}
        {formatDate(article.updatedAt)}.
      </p>
    </section>
  );
};
