/** Old URLs: which article an old address now lives at (one indexed read by primary key). */
import { eq } from 'drizzle-orm';
import type { Db } from './client.ts';
import { articles, redirects } from './schema.ts';

/**
 * The slug of the article `path` (normalizeOldUrl's form) redirects to, or null.
 *
 * @example
 * await findRedirect(db, '/2018/05/10/Rust-1.26') // 'rust-1-26'
 */
export async function findRedirect(db: Db, path: string): Promise<string | null> {
  const row = await db
    .select({ slug: articles.slug })
    .from(redirects)
    .innerJoin(articles, eq(articles.id, redirects.articleId))
    .where(eq(redirects.path, path))
    .get();
  return row?.slug ?? null;
}
