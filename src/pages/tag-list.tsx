/** A row of stack, tool or topic tag names, each linking to its listing. */
import type { FC } from 'hono/jsx';
import { paths } from './site.ts';

const HREF = { stack: paths.stack, tool: paths.tool, tag: paths.tag } as const;

export const TagList: FC<{ kind: keyof typeof HREF; names: string[]; label: string }> = ({
  kind,
  names,
  label,
}) =>
  names.length === 0 ? null : (
    <ul class={kind === 'tag' ? 'tags topics' : 'tags'} aria-label={label}>
      {names.map((name) => (
        <li>
          <a href={HREF[kind](name)}>{name}</a>
        </li>
      ))}
    </ul>
  );
