/** The "Similar posts" block, filled by the scheduled similar-posts job. */
import type { FC } from 'hono/jsx';
import type { SimilarLink } from '../content/types.ts';
import { paths } from '../site.ts';

/** Fewer links than this look like noise rather than a recommendation, so none are shown. */
export const MIN_SIMILAR_LINKS = 3;

export const SimilarPosts: FC<{ links: SimilarLink[] }> = ({ links }) => (
  <section class="similar" aria-labelledby="similar-posts">
    <h2 id="similar-posts">Similar posts</h2>
    {links.length >= MIN_SIMILAR_LINKS ? (
      <ul>
        {links.map((link) => (
          <li>
            <a href={paths.article(link.slug)}>{link.title}</a>
            <span class="reason">{link.reason}</span>
          </li>
        ))}
      </ul>
    ) : (
      <p class="empty">
        No similar posts yet. They are worked out by the scheduled refresh and appear here once at
        least {MIN_SIMILAR_LINKS} related articles are found.
      </p>
    )}
  </section>
);
