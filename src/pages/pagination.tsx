/** Previous/next links for a paginated list. */
import type { FC } from 'hono/jsx';

export interface PaginationProps {
  page: number;
  hasNext: boolean;
  /** The URL of page `n`. */
  href: (n: number) => string;
  previousLabel?: string;
  nextLabel?: string;
}

export const Pagination: FC<PaginationProps> = (props) => {
  if (props.page === 1 && !props.hasNext) {
    return null;
  }
  return (
    <nav class="pagination" aria-label="Pagination">
      {props.page > 1 ? (
        <a rel="prev" href={props.href(props.page - 1)}>
          ← {props.previousLabel ?? 'Newer'}
        </a>
      ) : (
        <span />
      )}
      <span class="current" aria-current="page">
        Page {props.page}
      </span>
      {props.hasNext ? (
        <a rel="next" href={props.href(props.page + 1)}>
          {props.nextLabel ?? 'Older'} →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
};
