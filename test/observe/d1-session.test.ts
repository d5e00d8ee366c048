/**
 * Reads go through D1 sessions: an admin write answers with a bookmark, and a read passing it
 * back sees the write (the run it made); a malformed bookmark is ignored rather than trusted.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../../src/index.ts';
import { BOOKMARK_HEADER } from '../../src/observe/d1-session.ts';

const auth = { authorization: 'Bearer test-admin-token' };

async function call(path: string, init: RequestInit = {}) {
  const ctx = { waitUntil: () => undefined, passThroughOnException: () => undefined, props: {} };
  return worker.fetch(
    new Request(`http://localhost${path}`, init),
    env,
    ctx as unknown as ExecutionContext,
  );
}

describe('D1 sessions', () => {
  it('an admin write returns a bookmark that a following read can pass', async () => {
    const write = await call('/admin/refresh?job=freshness', { method: 'POST', headers: auth });
    expect(write.status).toBe(200);
    const bookmark = write.headers.get(BOOKMARK_HEADER);
    expect(bookmark).toMatch(/^[A-Za-z0-9-]+$/);
    const { runs } = (await write.json()) as { runs: { runId: number }[] };
    const read = await call('/admin/jobs', {
      headers: { ...auth, [BOOKMARK_HEADER]: bookmark ?? '' },
    });
    expect(read.status).toBe(200);
    const listed = (await read.json()) as { runs: { id: number }[] };
    expect(listed.runs.map((r) => r.id)).toContain(runs[0]?.runId);
    expect(read.headers.get(BOOKMARK_HEADER)).toBeTruthy();
  });

  it('ignores a malformed bookmark and serves public pages without one', async () => {
    const read = await call('/admin/jobs', {
      headers: { ...auth, [BOOKMARK_HEADER]: 'not a bookmark; drop table' },
    });
    expect(read.status).toBe(200);
    const page = await call('/robots.txt');
    expect(page.status).toBe(200);
    expect(page.headers.get(BOOKMARK_HEADER)).toBeNull();
  });
});
