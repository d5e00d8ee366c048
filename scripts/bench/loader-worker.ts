/**
 * A helper Worker that stores articles with the app's own writer, inside workerd. Writing from
 * Node through Miniflare's binding proxy costs a synchronous round trip per prepared statement
 * (about 60 ms an article, ten minutes for a 10,000-article corpus); here the same writeArticle()
 * talks to the same local D1 directly. It is bundled and run next to the app by runtime.ts, never
 * deployed.
 *
 * POST / with `{ now, articles: ArticleInput[] }` writes them in order (order decides which of two
 * equal titles keeps the plain slug) and answers `{ results: [{ sourceId, status, slug }] }`.
 */
import type { ArticleInput } from '../../src/content/types.ts';
import { writeArticle } from '../../src/db/article-writer.ts';
import { createDb } from '../../src/db/client.ts';

export interface LoadRequest {
  /** ISO timestamp used as the writer's clock. */
  now: string;
  articles: ArticleInput[];
}

export interface LoadResult {
  sourceId: string;
  status: 'created' | 'updated' | 'unchanged';
  slug: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.method !== 'POST') {
      return new Response('POST { now, articles } to load articles', { status: 405 });
    }
    const body = (await request.json()) as LoadRequest;
    const db = createDb(env.DB);
    const now = new Date(body.now);
    const results: LoadResult[] = [];
    for (const input of body.articles) {
      try {
        const written = await writeArticle(db, input, { now });
        results.push({ sourceId: input.sourceId, status: written.status, slug: written.slug });
      } catch (error) {
        // Name the article: a failure in the middle of thousands is useless without it.
        const reason = error instanceof Error ? error.message : String(error);
        return Response.json(
          { error: `writing ${input.sourceId} failed: ${reason}`, results },
          { status: 500 },
        );
      }
    }
    return Response.json({ results });
  },
} satisfies ExportedHandler<Env>;
