import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { generateArticle } from '../../scripts/lib/generator.ts';
import { tagsForArticleChange } from '../../src/cache/tags.ts';
import { formatAlphanode } from '../../src/content/alphanode-format.ts';
import { readCacheGenerations } from '../../src/db/cache-generations.ts';
import { createDb } from '../../src/db/client.ts';
import { formatCacheLine } from '../../src/import/report.ts';
import { importDocuments } from '../../src/import/run-import.ts';
import { doc } from './documents.ts';

const db = createDb(env.DB);

describe('import: cache invalidation once per run', () => {
  it('bumps the generation for every page the changes touched, and purges those tags when configured', async () => {
    const a = generateArticle(80, 2);
    const b = generateArticle(81, 2);
    const first = await importDocuments(db, [doc('a.txt', a.text), doc('b.txt', b.text)]);
    expect(first.invalidation?.generation).toBe(1);

    const moved = { ...a.input, stack: ['elixir'], tools: ['mix'] };
    const requests: { url: string; tags: string[] }[] = [];
    const summary = await importDocuments(
      db,
      [doc('a.txt', formatAlphanode(moved)), doc('b.txt', b.text)],
      {
        cache: {
          zoneId: 'zone-1',
          apiToken: 'token-1',
          fetch: async (url, init) => {
            requests.push({ url: String(url), tags: JSON.parse(String(init?.body)).tags });
            return Response.json({ success: true });
          },
        },
      },
    );

    const expected = tagsForArticleChange(
      summary.changes[0]?.before ?? null,
      summary.changes[0]?.after ?? { slug: '', difficulty: '', stack: [], tools: [] },
    );
    expect(expected).toEqual(expect.arrayContaining(['stack:elixir', 'tool:mix', 'listing:home']));
    expect(expected).toEqual(
      expect.arrayContaining(a.input.stack.map((s) => `stack:${s.replaceAll(' ', '-')}`)),
    );
    expect(summary.invalidation).toMatchObject({ generation: 2, tags: expected });
    expect(requests).toEqual([
      { url: 'https://api.cloudflare.com/client/v4/zones/zone-1/purge_cache', tags: expected },
    ]);
    expect(formatCacheLine(summary)).toBe(
      `cache: ${expected.length} tags invalidated (generation 2); ${expected.length} tags purged in 1 request`,
    );
    const generations = await readCacheGenerations(db);
    expect(generations.tags.get('stack:elixir')).toBe(2);
    expect(generations.tags.get(`article:${summary.changes[0]?.after.slug}`)).toBe(2);

    const again = await importDocuments(db, [doc('a.txt', formatAlphanode(moved))]);
    expect(again.invalidation).toBeNull();
    expect(formatCacheLine(again)).toBeNull();
    expect((await readCacheGenerations(db)).site).toBe(2);
  });
});
