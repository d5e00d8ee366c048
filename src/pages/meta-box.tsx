/**
 * "About this article": the fields a reader can use (topic, stack, tools, difficulty, reading
 * time, revision), then the editorial data (reference, hash, scores, flags, payload, notes, …)
 * in a collapsed <details>, still in the page. Only fields with a value are shown: no zero score
 * bars, no empty links, no "none". Lists are <ul>; groups of key/value pairs are nested
 * definition lists, so a screen reader announces each value with its name.
 */
import type { Child, FC } from 'hono/jsx';
import type { Article } from '../content/types.ts';
import { paths } from '../site.ts';
import { formatDate, formatNumber } from './format.ts';
import { TagList } from './tag-list.tsx';

type Row = [string, Child];

/** Keeps the rows whose value is there: not null, false or an empty string. */
function present(rows: (Row | null | false | undefined)[]): Row[] {
  return rows.filter((row): row is Row => Array.isArray(row) && row[1] !== '');
}

const Rows: FC<{ rows: Row[]; class: string }> = ({ rows, class: className }) => (
  <dl class={className}>
    {rows.map(([name, value]) => (
      <>
        <dt>{name}</dt>
        <dd>{value}</dd>
      </>
    ))}
  </dl>
);

/** A group of pairs, or nothing when none has a value. */
function pairs(rows: (Row | null | false | undefined)[]): Child | '' {
  const kept = present(rows);
  return kept.length === 0 ? '' : <Rows rows={kept} class="meta-pairs" />;
}

function textList(items: string[]): Child | '' {
  return items.length === 0 ? (
    ''
  ) : (
    <ul>
      {items.map((item) => (
        <li>{item}</li>
      ))}
    </ul>
  );
}

const Flag: FC<{ on: boolean }> = ({ on }) => (
  <data value={on ? '1' : '0'}>{on ? 'yes' : 'no'}</data>
);

const Score: FC<{ value: number }> = ({ value }) => (
  <>
    <meter min={0} max={100} value={value} aria-hidden="true" />
    {value}
  </>
);

/** A score row only when the score exists (0 means the source gave none). */
function score(name: string, value: number): Row | null {
  return value > 0 ? [name, <Score value={value} />] : null;
}

function readerRows(article: Article): Row[] {
  const { revision } = article;
  return present([
    ['topic', article.topic],
    article.stack.length > 0 && [
      'stack',
      <TagList kind="stack" names={article.stack} label="Stack" />,
    ],
    article.tools.length > 0 && [
      'tools',
      <TagList kind="tool" names={article.tools} label="Tools" />,
    ],
    article.difficulty !== '' && [
      'difficulty',
      <a href={paths.difficulty(article.difficulty)}>{article.difficulty}</a>,
    ],
    article.readingTime > 0 && ['reading time', `${article.readingTime} min`],
    [
      'revision',
      pairs([
        // "published" is every live article's status: worth saying only when it is something else.
        revision.status !== 'published' && ['status', revision.status],
        ['version', revision.version],
        revision.lastReviewed !== null && [
          'last reviewed',
          <time datetime={revision.lastReviewed}>{revision.lastReviewed}</time>,
        ],
      ]),
    ],
  ]);
}

function editorialRows(article: Article): Row[] {
  const { flags, payload, outline, scores } = article;
  const anyFlag =
    flags.aiGeneratedStyle || flags.hasImages || flags.imageHeavy || flags.needsHumanReview;
  return present([
    ['problem', article.problem],
    ['summary', article.summary],
    [
      'ai outline',
      pairs([
        ['context', outline.context],
        ['problem', outline.problem],
        ['stack', outline.stack],
        ['recommended action', outline.recommendedAction],
      ]),
    ],
    ['ai brief', article.aiBrief],
    article.codeLanguage !== '' && ['code language', <code>{article.codeLanguage}</code>],
    article.viewCount > 0 && [
      'view count',
      <>
        <data value={String(article.viewCount)}>{formatNumber(article.viewCount)}</data>{' '}
        <span class="note">(synthetic: test data, not real traffic)</span>
      </>,
    ],
    [
      'scores',
      pairs([
        score('quality', scores.quality),
        score('freshness', scores.freshness),
        score('depth', scores.depth),
        score('clarity', scores.clarity),
      ]),
    ],
    article.reference !== '' && ['reference', <code>{article.reference}</code>],
    article.hash !== '' && ['hash', <code>{article.hash}</code>],
    // Four "no"s say nothing; once one flag is set, all four are worth reading together.
    anyFlag && [
      'flags',
      pairs([
        ['ai generated style', <Flag on={flags.aiGeneratedStyle} />],
        ['has images', <Flag on={flags.hasImages} />],
        ['image heavy', <Flag on={flags.imageHeavy} />],
        ['needs human review', <Flag on={flags.needsHumanReview} />],
      ]),
    ],
    ['checklist', textList(article.checklist)],
    article.entities.length > 0 && [
      'entities',
      <ul>
        {article.entities.map((entity) => (
          <li>
            {entity.name} <span class="entity-type">({entity.type})</span>
          </li>
        ))}
      </ul>,
    ],
    [
      'payload',
      pairs([
        payload.sourceId !== '' && ['source id', <code>{payload.sourceId}</code>],
        ['generator', payload.generator],
        payload.paragraphs > 0 && ['paragraphs', String(payload.paragraphs)],
        ['scenario', payload.scenario],
        payload.seed !== null && ['seed', String(payload.seed)],
      ]),
    ],
    ['notes', textList(article.notes)],
  ]);
}

export const MetaBox: FC<{ article: Article }> = ({ article }) => {
  const reader = readerRows(article);
  const editorial = editorialRows(article);
  return (
    <section class="meta-box" aria-labelledby="post-meta">
      <h2 id="post-meta">About this article</h2>
      {reader.length > 0 && <Rows rows={reader} class="meta-list" />}
      {editorial.length > 0 && (
        <details class="editorial">
          <summary>Editorial data</summary>
          <Rows rows={editorial} class="meta-list" />
        </details>
      )}
      <p class="note">
        Published {formatDate(article.createdAt)}, content last changed{' '}
        {formatDate(article.updatedAt)}.
      </p>
    </section>
  );
};
