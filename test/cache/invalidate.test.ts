import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  InvalidCacheTagError,
  invalidate,
  PURGE_MAX_TAGS_PER_REQUEST,
} from '../../src/cache/invalidate.ts';
import { readCacheGenerations } from '../../src/db/cache-generations.ts';
import { createDb } from '../../src/db/client.ts';

const db = createDb(env.DB);

/** Records what would have gone to api.cloudflare.com and answers like it does. */
function fakeCloudflareApi(answer: (call: number) => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return answer(calls.length);
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

const ok = () => Response.json({ success: true, errors: [], result: { id: 'x' } });

describe('invalidate', () => {
  it('bumps the generation and stamps each tag with it, in D1', async () => {
    const first = await invalidate(db, ['article:a', 'listing:home'], {});
    const second = await invalidate(db, ['article:b', 'article:b'], {});
    expect(first.generation).not.toBeNull();
    expect(second.generation).toBe((first.generation ?? 0) + 1);
    expect(second.tags).toEqual(['article:b']);
    expect(second.purge.status).toBe('skipped');
    const generations = await readCacheGenerations(db);
    expect(generations.site).toBe(second.generation);
    expect(generations.tags.get('article:a')).toBe(first.generation);
    expect(generations.tags.get('listing:home')).toBe(first.generation);
    expect(generations.tags.get('article:b')).toBe(second.generation);
  });

  it('stamps hundreds of tags in one call (D1 bound-parameter limit respected)', async () => {
    const tags = Array.from({ length: 250 }, (_, i) => `article:post-${i}`);
    const result = await invalidate(db, tags, {});
    const generations = await readCacheGenerations(db);
    expect(tags.every((t) => generations.tags.get(t) === result.generation)).toBe(true);
  });

  it('forgets tag stamps older than any stored page can be', async () => {
    await db.run(
      sql`insert into site_state (key, value, updated_at) values ('cache-tag:article:ancient', '1', '2000-01-01T00:00:00.000Z')`,
    );
    await invalidate(db, ['article:recent'], {});
    const generations = await readCacheGenerations(db);
    expect(generations.tags.has('article:ancient')).toBe(false);
    expect(generations.tags.has('article:recent')).toBe(true);
  });

  it('refuses tags not built by the tag helpers, naming them, and changes nothing', async () => {
    const before = await readCacheGenerations(db);
    await expect(invalidate(db, ['article:ok', 'Stack:Python Services'], {})).rejects.toThrow(
      InvalidCacheTagError,
    );
    await expect(invalidate(db, ['Stack:Python Services'], {})).rejects.toThrow(
      /"Stack:Python Services"/,
    );
    expect((await readCacheGenerations(db)).site).toBe(before.site);
  });

  it('does nothing for an empty tag list', async () => {
    const before = await readCacheGenerations(db);
    const result = await invalidate(db, [], { zoneId: 'z', apiToken: 't' });
    expect(result.generation).toBeNull();
    expect((await readCacheGenerations(db)).site).toBe(before.site);
  });
});

describe('invalidate with a zone and token: purge by Cache-Tag', () => {
  it('posts the tags to the zone purge endpoint in batches of the API limit', async () => {
    const api = fakeCloudflareApi(ok);
    const tags = Array.from({ length: 250 }, (_, i) => `article:p-${i}`);
    const result = await invalidate(db, tags, { zoneId: 'zone123', apiToken: 'tok', ...api });
    expect(result.purge).toEqual({ status: 'purged', requests: 3, purgedTags: 250, errors: [] });
    expect(api.calls.map((c) => c.url)).toEqual(
      Array(3).fill('https://api.cloudflare.com/client/v4/zones/zone123/purge_cache'),
    );
    const bodies = api.calls.map((c) => JSON.parse(String(c.init.body)) as { tags: string[] });
    expect(bodies.map((b) => b.tags.length)).toEqual([PURGE_MAX_TAGS_PER_REQUEST, 100, 50]);
    expect(bodies.flatMap((b) => b.tags).sort()).toEqual([...tags].sort());
    const headers = new Headers(api.calls[0]?.init.headers);
    expect(headers.get('authorization')).toBe('Bearer tok');
    expect(api.calls[0]?.init.method).toBe('POST');
  });

  it('reports a refused purge without losing the generation bump, and stops on rate limiting', async () => {
    const api = fakeCloudflareApi((call) =>
      call === 1
        ? Response.json(
            {
              success: false,
              errors: [{ code: 971, message: 'Please wait and consider throttling' }],
            },
            { status: 429 },
          )
        : ok(),
    );
    const tags = Array.from({ length: 150 }, (_, i) => `tool:t-${i}`);
    const before = await readCacheGenerations(db);
    const result = await invalidate(db, tags, { zoneId: 'z', apiToken: 't', ...api });
    expect(result.generation).toBe(before.site + 1);
    expect(result.purge.status).toBe('failed');
    expect(result.purge.requests).toBe(1);
    expect(result.purge.errors[0]).toMatch(/purge request 1\/2 .*HTTP 429: 971 Please wait/);
    expect(result.purge.errors[1]).toMatch(/1 further purge requests not sent/);
    expect((await readCacheGenerations(db)).tags.get('tool:t-149')).toBe(result.generation);
  });

  it('reports network errors and a half-configured zone clearly', async () => {
    const down = {
      fetch: (async () => {
        throw new TypeError('connect ECONNREFUSED');
      }) as typeof fetch,
    };
    const failed = await invalidate(db, ['feed'], { zoneId: 'z', apiToken: 't', ...down });
    expect(failed.purge.errors).toEqual([
      'purge request 1/1 (1 tags from "feed"): connect ECONNREFUSED',
    ]);
    const half = await invalidate(db, ['feed'], { zoneId: 'z' });
    expect(half.purge.status).toBe('failed');
    expect(half.purge.errors[0]).toMatch(/CF_API_TOKEN is not set while CF_ZONE_ID is/);
  });
});
