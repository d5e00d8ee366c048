/**
 * Puts the per-request drizzle client and D1 usage counter on c.var. Every request reads through a
 * D1 session (the Sessions API), so D1 read replication can serve it from a replica near the
 * visitor (docs/SCALE.md, "Reads through D1 sessions"):
 * - public pages start `first-unconstrained`: any replica, however far behind the primary;
 * - a request carrying `x-d1-bookmark` (the header every admin response returns after its writes)
 *   starts from that bookmark: whatever replica serves it has seen at least those writes.
 * The session's bookmark after the request goes back in `x-d1-bookmark` on admin responses, so a
 * client that writes and then reads passes it along. Public responses do not carry it: they may
 * be cached and shared, and a bookmark is about one client's own writes.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { createDb } from '../db/client.ts';
import { countD1Calls } from './d1-counter.ts';

export const BOOKMARK_HEADER = 'x-d1-bookmark';
/** D1 bookmarks are short opaque strings; anything longer or odd is ignored, not trusted. */
const BOOKMARK = /^[A-Za-z0-9-]{1,200}$/;

/**
 * The bookmark an admin response hands back. After a write (POST: the jobs write through the
 * binding itself, not this request's session) it is the primary's, taken after the writes, so a
 * read that passes it sees them; after a read, the request session's.
 */
async function latestBookmark(d1: D1Database, method: string): Promise<string | null> {
  const primary = d1.withSession(method === 'GET' ? 'first-unconstrained' : 'first-primary');
  await primary.prepare('select 1').first();
  return primary.getBookmark();
}

export const dbMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  const usage = { calls: 0, durationMs: 0 };
  const asked = c.req.header(BOOKMARK_HEADER);
  const session = c.env.DB.withSession(
    asked && BOOKMARK.test(asked) ? asked : 'first-unconstrained',
  );
  c.set('d1Usage', usage);
  // A session has prepare() and batch(), which is all drizzle and the counter use.
  c.set('db', createDb(countD1Calls(session as unknown as D1Database, usage)));
  await next();
  if (c.req.path.startsWith('/admin/')) {
    c.header(BOOKMARK_HEADER, (await latestBookmark(c.env.DB, c.req.method)) ?? undefined);
  }
});
