/**
 * A row of stack or tool names, each linking to its listing. An article without names gets no
 * list at all (an empty <ul> is noise to a screen reader), and the list is named by visually
 * hidden text: aria-label is not allowed on a plain list.
 */
import type { FC } from 'hono/jsx';
import { paths } from './site.ts';

export const TagList: FC<{ kind: 'stack' | 'tool'; names: string[]; label: string }> = ({
  kind,
  names,
  label,
}) =>
  names.length === 0 ? null : (
    <>
      <span class="visually-hidden">{label}:</span>
      <ul class="tags">
        {names.map((name) => (
          <li>
            <a href={kind === 'stack' ? paths.stack(name) : paths.tool(name)}>{name}</a>
          </li>
        ))}
      </ul>
    </>
  );
