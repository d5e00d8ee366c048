import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { articleFeatures, articles, jobRuns, similarTerms } from '../../src/db/schema.ts';
import { corpus } from './corpus.ts';
import {
  articleRows,
  db,
  FRESHNESS_CRON,
  lastRun,
  lists,
  SIMILAR_CRON,
  store,
  tick,
} from './helpers.ts';

const T = '2026-04-26';

describe('a refresh that fails', () => {
  it('records the failure, naming the article, keeps the work done, and finishes once fixed', async () => {
    const ids = await store(corpus);
    const broken = ids.get('rs-2') ?? 0;
    const good = await db.select().from(articles).where(eq(articles.id, broken)).get();
    await db
      .update(articles)
      .set({ updatedAt: 'garbage', createdAt: 'garbage', lastReviewed: null })
      .where(eq(articles.id, broken));

    await expect(tick(FRESHNESS_CRON, `${T}T03:17:00Z`, { JOBS_CHUNK_SIZE: '3' })).rejects.toThrow(
      `article ${broken}: none of last_reviewed "null", updated_at "garbage" and published "garbage" is a date`,
    );
    const failed = await lastRun('freshness');
    expect(failed).toMatchObject({ status: 'failed', processed: 6 });
    expect(failed?.error).toContain(`article ${broken}: none of last_reviewed`);
    // The two chunks before the bad article were committed; nothing after it was touched.
    const scored = (await articleRows()).map((a) => a.scoreFreshness !== 50);
    expect(scored).toEqual([true, true, true, true, true, true, false, false, false, false]);

    await db
      .update(articles)
      .set({
        updatedAt: good?.updatedAt,
        createdAt: good?.createdAt,
        lastReviewed: good?.lastReviewed,
      })
      .where(eq(articles.id, broken));
    await tick(FRESHNESS_CRON, `${T}T03:47:00Z`, { JOBS_CHUNK_SIZE: '3' });
    const fixed = await lastRun('freshness');
    expect(fixed).toMatchObject({
      status: 'success',
      processed: 4,
      trigger: `cron:${FRESHNESS_CRON}; continues run ${failed?.id}`,
    });
    // The continuation scores for the failed run's day, not its own.
    expect((await articleRows()).every((a) => a.scoreFreshness !== 50)).toBe(true);
    const runs = await db
      .select()
      .from(jobRuns)
      .where(eq(jobRuns.job, 'freshness'))
      .orderBy(asc(jobRuns.id))
      .all();
    expect(runs.map((r) => r.status)).toEqual(['failed', 'success']);
  });

  it('stops before doing anything when a knob is malformed, naming it', async () => {
    await expect(tick(SIMILAR_CRON, `${T}T09:00:00Z`, { JOBS_CHUNK_SIZE: 'lots' })).rejects.toThrow(
      'JOBS_CHUNK_SIZE must be a whole number from 1 to 5000, got "lots"',
    );
    await expect(
      tick(SIMILAR_CRON, `${T}T09:00:00Z`, { JOBS_MEMORY_PROBE: 'yes' }),
    ).rejects.toThrow('JOBS_MEMORY_PROBE must be on or off, got "yes"');
    await expect(tick('5 4 * * *', `${T}T09:00:00Z`)).rejects.toThrow(
      /no job is scheduled on cron "5 4 \* \* \*"/,
    );
    expect(await lastRun('similar')).toBeUndefined();
  });

  it('repairs an unreadable stored feature row instead of failing every run', async () => {
    await tick(SIMILAR_CRON, `${T}T10:00:00Z`);
    const before = await lists();
    const [victim, other] = Object.keys(before).map(Number);
    await db
      .update(articleFeatures)
      .set({ features: '{not json' })
      .where(eq(articleFeatures.articleId, victim ?? 0));
    // Something else changed, so the next tick loads the features and meets the bad row.
    await db
      .update(articleFeatures)
      .set({ dirty: true })
      .where(eq(articleFeatures.articleId, other ?? 0));
    await tick(SIMILAR_CRON, `${T}T10:30:00Z`);
    expect((await lastRun('similar'))?.status).toBe('success');
    expect(
      await db
        .select()
        .from(articleFeatures)
        .where(eq(articleFeatures.articleId, victim ?? 0))
        .get(),
    ).toBeUndefined();

    await tick(SIMILAR_CRON, `${T}T11:00:00Z`);
    const row = await db
      .select()
      .from(articleFeatures)
      .where(eq(articleFeatures.articleId, victim ?? 0))
      .get();
    expect(row?.features).toMatch(/^\d+(:\d+)?(,\d+(:\d+)?)*$/);
    expect(await lists()).toEqual(before);
  });

  it('extracts every article again when the vocabulary is lost, and keeps the same links', async () => {
    await tick(SIMILAR_CRON, `${T}T12:00:00Z`);
    const before = await lists();
    const featuresBefore = await db.select().from(articleFeatures).all();
    expect(featuresBefore.length).toBeGreaterThan(0);
    await db.delete(similarTerms);
    await db
      .update(articleFeatures)
      .set({ dirty: true })
      .where(eq(articleFeatures.articleId, featuresBefore[0]?.articleId ?? 0));
    // The run that meets ids it cannot read drops those rows and leaves the links alone…
    await tick(SIMILAR_CRON, `${T}T12:30:00Z`);
    expect((await lastRun('similar'))?.status).toBe('success');
    // (A draft's row is never read for the index, so it stays until its content changes.)
    const left = await db.select().from(articleFeatures).all();
    expect(left.length).toBeLessThan(featuresBefore.length);
    expect(left.filter((row) => row.linkable)).toEqual([]);
    expect(await lists()).toEqual(before);
    // …and the next extracts everything into a new vocabulary, and ranks to the same links.
    await tick(SIMILAR_CRON, `${T}T13:00:00Z`);
    const rebuilt = await lastRun('similar');
    expect(rebuilt?.status).toBe('success');
    expect(await db.select().from(articleFeatures).all()).toHaveLength(featuresBefore.length);
    expect((await db.select().from(similarTerms).all()).length).toBeGreaterThan(0);
    expect(await lists()).toEqual(before);
  });
});
