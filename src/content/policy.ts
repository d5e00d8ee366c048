/** Editorial rules that follow from an article's fields. */
import type { ArticleInput } from './types.ts';

const INDEXABLE_STATUSES = new Set(['reviewed', 'published']);

/**
 * Generated content must be reviewed before search engines index it (the seed article's notes):
 * an article is indexable only when its revision is reviewed or published, it is not flagged as
 * AI-generated style or as needing human review, and it is not a draft.
 */
export function isIndexable(article: ArticleInput): boolean {
  return (
    INDEXABLE_STATUSES.has(article.revision.status.toLowerCase()) &&
    !article.flags.aiGeneratedStyle &&
    !article.flags.needsHumanReview &&
    !article.draft
  );
}
