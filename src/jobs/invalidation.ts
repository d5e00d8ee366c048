/**
 * After a refresh changed what pages show, makes the edge cache drop those pages
 * (docs/CACHE_RULES.md, "Invalidation"): freshness scores appear in the article's meta box and
 * similar links in its similar-posts block, so in both cases the changed articles' own pages.
 */
import { invalidate } from '../cache/invalidate.ts';
import { tag, tagsForSimilarLinksChange, uniqueTags } from '../cache/tags.ts';
import type { Db } from '../db/client.ts';
import type { JobName } from './job.ts';

/** The Cache-Tags of the pages a job's changes touch. */
export function tagsForJobChange(job: JobName, slugs: readonly string[]): string[] {
  return job === 'similar'
    ? tagsForSimilarLinksChange(slugs)
    : uniqueTags(slugs.map((slug) => tag('article', slug)));
}

/**
 * The runner's onChanged hook for this Worker's environment: bumps the content generation of the
 * pages' tags in D1 and, when CF_ZONE_ID and CF_API_TOKEN are set, purges them by tag.
 *
 * @example
 * new Invocation(env.DB, { config, now, onChanged: invalidateChangedPages(env) });
 */
export function invalidateChangedPages(env: Env) {
  return async (job: JobName, slugs: string[], db: Db): Promise<Record<string, unknown>> => {
    const result = await invalidate(db, tagsForJobChange(job, slugs), {
      zoneId: env.CF_ZONE_ID || undefined,
      apiToken: env.CF_API_TOKEN || undefined,
    });
    return {
      tags: result.tags.length,
      generation: result.generation,
      purge: result.purge.status,
      ...(result.purge.errors.length > 0 ? { purgeErrors: result.purge.errors.slice(0, 3) } : {}),
    };
  };
}
