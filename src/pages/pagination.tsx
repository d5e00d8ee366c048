/** Previous/next links for a paginated list, and where the reader is: "Page N of M". */
import type { FC } from 'hono/jsx';

export interface PaginationProps {
  page: number;
  /** How many pages the list has in all (at least 1). */
  pages: number;
  /** The URL of page `n`. */
  href: (n: number) => string;
  previousLabel?: string;
  nextLabel?: string;
}

/**
 * How many pages `total` items fill, at least one (an empty list is one empty page).
 *
 * @example
 * pageCount(41, 20) // 3
 */
export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

export const Pagination: FC<PaginationProps> = (props) => {
  if (props.page === 1 && props.pages <= 1) {
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
        Page {props.page} of {props.pages}
      </span>
      {props.page < props.pages ? (
        <a rel="next" href={props.href(props.page + 1)}>
          {props.nextLabel ?? 'Older'} →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
};
