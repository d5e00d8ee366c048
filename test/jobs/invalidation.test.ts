import { asc, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { siteState } from '../../src/db/schema.ts';
import { corpus } from './corpus.ts';
import { articleRows, db, FRESHNESS_CRON, lastRun, SIMILAR_CRON, store, tick } from './helpers.ts';

/** The article pages whose cache tag a refresh stamped, with the generation it stamped. */
async function stampedArticles(): Promise<Map<string, string>> {
  const rows = await db
    .select()
    .from(siteState)
    .where(like(siteState.key, 'cache-tag:article:%'))
    .orderBy(asc(siteState.key))
    .all();
  return new Map(rows.map((r) => [r.key.slice('cache-tag:article:'.length), r.value]));
}

describe('cache invalidation after a refresh', () => {
  it('invalidates exactly the article pages whose links or scores changed', async () => {
    const ids = await store(corpus);
    const slugOf = new Map((await articleRows()).map((a) => [a.id, a.slug]));
    await tick(SIMILAR_CRON, '2026-04-26T03:00:00Z');
    const linked = [...slugOf.entries()]
      .filter(([id]) => !['py-draft', 'k8s-1'].some((s) => ids.get(s) === id))
      .map(([, slug]) => slug)
      .sort();
    expect([...(await stampedArticles()).keys()]).toEqual(linked);
    expect((await lastRun('similar'))?.error).toBeNull();

    // A new revision of one article: only pages whose links changed are stamped again.
    const before = await stampedArticles();
    const py1 = corpus.find((a) => a.sourceId === 'py-1');
    if (!py1) {
      throw new Error('corpus lost py-1');
    }
    await store([{ ...py1, tools: ['pytest', 'ruff', 'xdist'] }], new Date('2026-04-26T03:10:00Z'));
    await tick(SIMILAR_CRON, '2026-04-26T03:30:00Z');
    const after = await stampedArticles();
    const restamped = [...after.entries()]
      .filter(([slug, generation]) => before.get(slug) !== generation)
      .map(([slug]) => slug);
    expect(restamped.length).toBeGreaterThan(0);
    expect(restamped.length).toBeLessThan(linked.length);
    expect(restamped).toContain(slugOf.get(ids.get('py-1') ?? 0));
    expect(
      restamped.every(
        (slug) => slug.includes('pytest') || slug.includes('python') || slug.includes('suite'),
      ),
    ).toBe(true);

    // Freshness: every score changed from the imported value, so every article page is stamped.
    await tick(FRESHNESS_CRON, '2026-04-26T03:17:00Z');
    const fresh = await stampedArticles();
    expect([...fresh.keys()].sort()).toEqual([...slugOf.values()].sort());
  });
});
