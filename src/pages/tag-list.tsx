/** A row of stack or tool names, each linking to its listing. */
import type { FC } from 'hono/jsx';
import { paths } from './site.ts';

export const TagList: FC<{ kind: 'stack' | 'tool'; names: string[]; label: string }> = ({
  kind,
  names,
  label,
}) => (
  <ul class="tags" aria-label={label}>
    {names.map((name) => (
      <li>
        <a href={kind === 'stack' ? paths.stack(name) : paths.tool(name)}>{name}</a>
      </li>
    ))}
  </ul>
);
