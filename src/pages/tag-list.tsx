/**
 * A row of stack, tool or topic tag names, each linking to its listing. An article without names
 * gets no list at all (an empty <ul> is noise to a screen reader), and the list is named by
 * visually hidden text: aria-label is not allowed on a plain list.
 */
import type { FC } from 'hono/jsx';
import { paths } from '../site.ts';

const HREF = { stack: paths.stack, tool: paths.tool, tag: paths.tag } as const;

export const TagList: FC<{ kind: keyof typeof HREF; names: string[]; label: string }> = ({
  kind,
  names,
  label,
}) =>
  names.length === 0 ? null : (
    <>
      <span class="visually-hidden">{label}:</span>
      <ul class={kind === 'tag' ? 'tags topics' : 'tags'}>
        {names.map((name) => (
          <li>
            <a href={HREF[kind](name)}>{name}</a>
          </li>
        ))}
      </ul>
    </>
  );
